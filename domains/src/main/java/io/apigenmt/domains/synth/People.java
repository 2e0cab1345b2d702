package io.apigenmt.domains.synth;

import java.util.List;
import java.util.Random;

/** Synthetic people for generated databases: invented name pools, sampled by a seeded Random. */
public final class People {

    private static final List<String> FIRST_NAMES = List.of(
            "Amara", "Bastian", "Celine", "Dario", "Elodie", "Farid", "Greta", "Hugo", "Ines", "Jonas",
            "Keira", "Lorenzo", "Maya", "Nikolai", "Odette", "Pablo", "Quinn", "Rosa", "Silas", "Tamsin",
            "Umar", "Vera", "Wesley", "Ximena", "Yusuf", "Zora", "Aiden", "Bianca", "Caleb", "Daphne",
            "Elias", "Freya", "Gideon", "Hazel", "Ivan", "Juno", "Kofi", "Lena", "Mateo", "Nadia",
            "Oscar", "Priya", "Rafael", "Sienna", "Theo", "Uma", "Victor", "Willa", "Yara", "Zane",
            "Anika", "Bruno", "Clara", "Dmitri", "Esme", "Felix", "Gemma", "Hector", "Isla", "Jasper");

    private static final List<String> LAST_NAMES = List.of(
            "Abernathy", "Brightwater", "Castellan", "Dunmore", "Eastbrook", "Fairweather", "Galloway",
            "Hollis", "Ingram", "Jablonski", "Kowalczyk", "Lindqvist", "Moreau", "Nakamura", "Okafor",
            "Petrovic", "Quintero", "Ramaswamy", "Sandoval", "Thorne", "Underwood", "Valdez", "Whitlock",
            "Xu", "Yamamoto", "Zielinski", "Ashford", "Bellamy", "Carrington", "Delacroix", "Ellison",
            "Fontaine", "Grisham", "Hargrove", "Iversen", "Jovanovic", "Kaminski", "Larkspur", "Merriweather",
            "Novak", "Oyelaran", "Pemberton", "Rasmussen", "Stavros", "Tanaka", "Urquhart", "Vasquez",
            "Winslow", "Yilmaz", "Zamora");

    private People() {}

    public record Name(String first, String last) {}

    public static Name name(Random random) {
        return new Name(FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size())),
                LAST_NAMES.get(random.nextInt(LAST_NAMES.size())));
    }

    /** A date of birth between 1950 and 2005, formatted yyyy-MM-dd. */
    public static String dateOfBirth(Random random) {
        return String.format(java.util.Locale.ROOT, "%04d-%02d-%02d",
                1950 + random.nextInt(56), 1 + random.nextInt(12), 1 + random.nextInt(28));
    }

    /** {@code n} random decimal digits (leading zeros allowed). */
    public static String digits(Random random, int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }
}
