package io.apigenmt.domains.synth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;

/** Synthetic US-style postal addresses: invented streets over a pool of real city names. */
public final class Places {

    private record City(String city, String state, String zipPrefix) {}

    private static final List<City> CITIES = List.of(
            new City("Portland", "OR", "972"), new City("Austin", "TX", "787"), new City("Denver", "CO", "802"),
            new City("Columbus", "OH", "432"), new City("Charlotte", "NC", "282"), new City("Phoenix", "AZ", "850"),
            new City("San Diego", "CA", "921"), new City("Seattle", "WA", "981"), new City("Boston", "MA", "021"),
            new City("Chicago", "IL", "606"), new City("Nashville", "TN", "372"), new City("Madison", "WI", "537"),
            new City("Raleigh", "NC", "276"), new City("Tucson", "AZ", "857"), new City("Omaha", "NE", "681"),
            new City("Richmond", "VA", "232"), new City("Albany", "NY", "122"), new City("Boise", "ID", "837"),
            new City("Savannah", "GA", "314"), new City("Spokane", "WA", "992"));

    private static final List<String> STREETS = List.of(
            "Maple Avenue", "Cedar Lane", "Willow Street", "Harbor Road", "Juniper Court", "Sycamore Drive",
            "Lakeview Terrace", "Orchard Way", "Birchwood Boulevard", "Quarry Street", "Meadowlark Lane",
            "Foxglove Road", "Riverside Drive", "Hawthorn Place", "Chestnut Street", "Summit Avenue",
            "Elm Hollow Road", "Copperfield Way", "Larch Street", "Pinecrest Drive");

    private Places() {}

    /** {address1, address2, city, country, state, zip} as the retail and airline records store it. */
    public static ObjectNode address(Random random) {
        City city = CITIES.get(random.nextInt(CITIES.size()));
        ObjectNode address = JsonNodeFactory.instance.objectNode();
        address.put("address1", (10 + random.nextInt(9890)) + " " + STREETS.get(random.nextInt(STREETS.size())));
        address.put("address2", "Suite " + (100 + random.nextInt(900)));
        address.put("city", city.city());
        address.put("country", "USA");
        address.put("state", city.state());
        address.put("zip", city.zipPrefix() + People.digits(random, 2));
        return address;
    }
}
