package io.apigenmt.domains.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.airline.AirlineDomain;
import io.apigenmt.domains.retail.RetailDomain;
import io.apigenmt.domains.tools.ReferenceDomain;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading databases in tau-bench's layout, refusing bad files by name, and writing ours in it. */
class DomainDataTest {

    @TempDir
    Path tmp;

    @Test
    void shouldLoadBothDomainsOnTauBenchLayoutFixtures() {
        // When the fixture directories are loaded
        ReferenceDomain retail = DomainData.load("retail", TauBenchFixtures.dir("retail"));
        ReferenceDomain airline = DomainData.load("airline", TauBenchFixtures.dir("airline"));

        // Then every record is there, under its key, and the tools read it
        assertThat(retail.snapshot().sizes()).containsEntry("users", 2).containsEntry("orders", 5)
                .containsEntry("products", 2);
        assertThat(airline.snapshot().sizes()).containsEntry("users", 1).containsEntry("flights", 7)
                .containsEntry("reservations", 2);
        assertThat(TauBenchFixtures.call(retail.newEnvironment(), "find_user_id_by_email",
                "{\"email\": \"MIA.ITO1122@example.com\"}").content()).isEqualTo("mia_ito_2047");
        assertThat(TauBenchFixtures.call(airline.newEnvironment(), "get_reservation_details",
                "{\"reservation_id\": \"Q4TR8K\"}").error()).isFalse();
        assertThat(retail.tables(retail.newEnvironment()).fieldNames()).toIterable()
                .containsExactly("users", "orders", "products");
    }

    @Test
    void shouldNameTheFileRecordAndFieldOfAPriceThatIsNotANumber() throws Exception {
        // Given the retail fixtures with one item price written as a string
        Path dir = TauBenchFixtures.copy("retail", tmp);
        ObjectNode orders = (ObjectNode) TauBenchFixtures.read(dir.resolve("orders.json"));
        ((ObjectNode) orders.path("#W5270061").path("items").get(2)).put("price", "488.81");
        TauBenchFixtures.write(dir.resolve("orders.json"), orders);

        // When loaded, then the error names file, record and field
        assertThatThrownBy(() -> DomainData.load("retail", dir)).isInstanceOf(DomainDataException.class)
                .hasMessage("orders.json: order #W5270061: items[2].price is not a number")
                .extracting(e -> ((DomainDataException) e).file()).isEqualTo("orders.json");
    }

    @Test
    void shouldRefuseMissingFieldsConditionalFieldsAndMismatchedIds() throws Exception {
        Path retail = TauBenchFixtures.copy("retail", tmp);
        ObjectNode users = (ObjectNode) TauBenchFixtures.read(retail.resolve("users.json"));
        ((ObjectNode) users.path("ivan_khan_7475").path("payment_methods").path("gift_card_1711656")).remove("balance");
        TauBenchFixtures.write(retail.resolve("users.json"), users);
        assertThatThrownBy(() -> DomainData.load("retail", retail)).hasMessage(
                "users.json: user ivan_khan_7475: payment_methods.gift_card_1711656.balance is missing (source is gift_card)");

        Path airline = TauBenchFixtures.copy("airline", tmp);
        ObjectNode flights = (ObjectNode) TauBenchFixtures.read(airline.resolve("flights.json"));
        ((ObjectNode) flights.path("HAT101").path("dates").path("2024-05-20")).remove("prices");
        TauBenchFixtures.write(airline.resolve("flights.json"), flights);
        assertThatThrownBy(() -> DomainData.load("airline", airline)).hasMessage(
                "flights.json: flight HAT101: dates.2024-05-20.prices is missing (status is available)");

        ObjectNode reservations = (ObjectNode) TauBenchFixtures.read(airline.resolve("reservations.json"));
        TauBenchFixtures.write(airline.resolve("flights.json"), TauBenchFixtures.read(TauBenchFixtures.dir("airline")
                .resolve("flights.json")));
        ((ObjectNode) reservations.path("Q4TR8K")).put("reservation_id", "Q4TR8X");
        ((ObjectNode) reservations.path("B7NX2P")).remove("cabin");
        TauBenchFixtures.write(airline.resolve("reservations.json"), reservations);
        assertThatThrownBy(() -> DomainData.load("airline", airline)).hasMessage(
                "reservations.json: reservation Q4TR8K: reservation_id is \"Q4TR8X\", not the record's key");
    }

    @Test
    void shouldRefuseMissingFilesInvalidJsonAndATopLevelThatIsNotAnObject() throws Exception {
        Path dir = TauBenchFixtures.copy("retail", tmp);
        Files.delete(dir.resolve("products.json"));
        assertThatThrownBy(() -> DomainData.load("retail", dir)).hasMessage("products.json: no such file in " + dir);

        Files.writeString(dir.resolve("products.json"), "{\"8310926033\": {\"name\": ");
        assertThatThrownBy(() -> DomainData.load("retail", dir)).isInstanceOf(DomainDataException.class)
                .hasMessageStartingWith("products.json: not valid JSON: ").hasMessageContaining("(line 1, column");

        Files.writeString(dir.resolve("products.json"), "[]");
        assertThatThrownBy(() -> DomainData.load("retail", dir))
                .hasMessage("products.json: must be a JSON object from each product id to its record");

        Files.writeString(dir.resolve("products.json"), "{\"1\": [1]}");
        assertThatThrownBy(() -> DomainData.load("retail", dir))
                .hasMessage("products.json: product 1: the record is not an object");

        assertThatThrownBy(() -> DomainData.load("bank", dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown built-in domain 'bank'; known: retail, airline");
    }

    @Test
    void shouldWriteOurGeneratedDatabasesInTheLayoutAndLoadThemBackToTheSameStateHash() throws Exception {
        for (ReferenceDomain generated : new ReferenceDomain[] {new RetailDomain(), new AirlineDomain()}) {
            // When our generated database is written and loaded back
            Path dir = tmp.resolve(generated.name());
            var sizes = DomainData.write(generated, dir);
            ReferenceDomain loaded = DomainData.load(generated.name(), dir);

            // Then the files are the layout's, and the state is the same to the hash
            assertThat(sizes.keySet()).containsExactlyElementsOf(
                    generated.dataLayout().files().stream().map(DataLayout.File::name).toList());
            assertThat(loaded.newEnvironment().stateHash()).isEqualTo(generated.newEnvironment().stateHash());
            assertThat(loaded.snapshot().sizes()).isEqualTo(generated.snapshot().sizes());
        }
        // and the records carry tau-bench's fields (no id field on users, no airport table)
        ObjectNode user = (ObjectNode) TauBenchFixtures.read(tmp.resolve("airline/users.json")).elements().next();
        assertThat(user.fieldNames()).toIterable().containsExactly("name", "address", "email", "dob",
                "payment_methods", "saved_passengers", "membership", "reservations");
        assertThat(Files.list(tmp.resolve("airline")).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("users.json", "flights.json", "reservations.json");
        ArrayNode segments = (ArrayNode) TauBenchFixtures.read(tmp.resolve("airline/reservations.json")).elements().next()
                .path("flights");
        assertThat(segments.get(0).fieldNames()).toIterable()
                .containsExactly("origin", "destination", "flight_number", "date", "price");
    }
}
