package io.apigenmt.topology.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The declaration machinery on a small declaration of its own: layers, sources, rules, maps, lists, inheritance. */
class DeclarationTest {

    record Limits(int size, Duration pause) {}

    record Peer(String url, int weight) {}

    record Root(Limits limits, Map<String, Integer> quotas, List<Peer> peers, String name) {}

    static final Section ROOT = Section.of("", Root.class, "",
            Section.of("limits", Limits.class, "",
                    Setting.of("size", Kind.INT, 10, Rule.atLeast(1), "How many.").alias("T_SIZE"),
                    Setting.of("pause", Kind.DURATION, Duration.ofSeconds(5), Rule.positive(), "How long.")),
            MapSetting.of("quotas", Kind.INT, Map.of("default", 1), Rule.atLeast(0), "Per name.")
                    .secret(name -> name.contains("secret")),
            new ListSetting("peers", Section.of("peer", Peer.class, "",
                    Setting.of("url", Kind.STRING, "http://a", Rule.nonBlank(), ""),
                    Setting.of("weight", Kind.INT, 0, Rule.atLeast(0), "")
                            .withDefault(new Default.Inherited<>("limits.size", Default.none()))), 1, 1, ""),
            Setting.optional("name", Kind.STRING, Rule.nonBlank(), ""));

    @TempDir
    Path dir;

    private Layers file(String yaml) throws IOException {
        return new Layers(ROOT).file(Files.writeString(dir.resolve("t.yaml"), yaml));
    }

    private Path path() {
        return dir.resolve("t.yaml");
    }

    @Test
    void shouldTakeEachKeyFromItsHighestLayerWhateverOrderTheLayersCameIn() throws IOException {
        Layers layers = file("limits: { size: 3, pause: 2m }\nquotas: { a: 2 }")
                .set("limits.size", 5, Source.flag("--size"));
        layers.environment(Map.of("APIGEN_LIMITS__SIZE", "4", "APIGEN_QUOTAS__b", "7"));

        Resolution r = layers.resolve();
        Root root = r.config(Root.class);

        assertThat(root.limits()).isEqualTo(new Limits(5, Duration.ofMinutes(2)));
        assertThat(root.quotas()).containsExactly(Map.entry("default", 1), Map.entry("a", 2), Map.entry("b", 7));
        assertThat(r.sourceOf("limits.size")).hasToString("flag --size");
        assertThat(r.sourceOf("limits.pause")).hasToString("file " + path());
        assertThat(r.sourceOf("quotas.b")).hasToString("env APIGEN_QUOTAS__b");
        assertThat(r.sourceOf("quotas.default")).hasToString("default");
        assertThat(r.sourceOf("name")).hasToString("default");
        assertThat(root.name()).isNull();
    }

    @Test
    void shouldLetTheCanonicalVariableWinOverAnAliasAndTreatAnEmptyOneAsUnset() {
        Resolution r = new Layers(ROOT).environment(Map.of("T_SIZE", "6", "APIGEN_LIMITS__SIZE", "8", "APIGEN_LIMITS__PAUSE", ""))
                .resolve();

        assertThat(r.config(Root.class).limits()).isEqualTo(new Limits(8, Duration.ofSeconds(5)));
        assertThat(new Layers(ROOT).environment(Map.of("T_SIZE", "6")).resolve().sourceOf("limits.size")).hasToString("env T_SIZE");
    }

    @Test
    void shouldInheritAnotherKeysValueWithTheSourceWhereItWasSet() {
        Resolution r = new Layers(ROOT).set("limits.size", 9, Source.flag("--size")).resolve();

        assertThat(r.config(Root.class).peers()).containsExactly(new Peer("http://a", 9));
        assertThat(r.sourceOf("peers[0].weight")).hasToString("flag --size via limits.size");
    }

    @Test
    void shouldReplaceAListWholeAndRefuseTooFewEntries() throws IOException {
        Resolution r = file("peers: [ { url: 'http://b' }, { url: 'http://c', weight: 2 } ]").resolve();

        assertThat(r.config(Root.class).peers()).containsExactly(new Peer("http://b", 10), new Peer("http://c", 2));
        assertThat(r.entries()).extracting(Resolution.Entry::key).contains("peers", "peers[1].url", "peers[1].weight");
        assertThatThrownBy(() -> file("peers: []").resolve()).isInstanceOf(ConfigException.class)
                .hasMessage("peers: has 0 entries, needs at least 1 (file " + path() + ")");
        assertThatThrownBy(() -> new Layers(ROOT).environment(Map.of("APIGEN_PEERS__URL", "x")))
                .hasMessage("peers is a list: set it in a --config file (env APIGEN_PEERS__URL)");
    }

    @Test
    void shouldNameTheKeyTheValueAndTheRuleOfABadValueFromEveryLayer() throws IOException {
        assertThatThrownBy(() -> file("limits: { size: -3 }").resolve())
                .hasMessage("limits.size: -3 is not >= 1 (file " + path() + ")");
        assertThatThrownBy(() -> new Layers(ROOT).environment(Map.of("APIGEN_LIMITS__SIZE", "lots")).resolve())
                .hasMessage("limits.size: 'lots' is not an integer (env APIGEN_LIMITS__SIZE)");
        assertThatThrownBy(() -> new Layers(ROOT).environment(Map.of("T_SIZE", "0")).resolve())
                .hasMessage("limits.size: 0 is not >= 1 (env T_SIZE)");
        assertThatThrownBy(() -> new Layers(ROOT).set("limits.pause", "-1s", Source.flag("--pause")).resolve())
                .hasMessage("limits.pause: -1s is not > 0 (flag --pause)");
        assertThatThrownBy(() -> file("limits: { size: ~ }").resolve())
                .hasMessage("limits.size: must not be empty (file " + path() + ")");
    }

    @Test
    void shouldRefuseUnknownKeysNamingTheirPath() {
        assertThatThrownBy(() -> file("limits: { sise: 1 }"))
                .hasMessage("unknown setting limits.sise (file " + path() + "; known: size, pause)");
        assertThatThrownBy(() -> file("limts: { size: 1 }")).hasMessageStartingWith("unknown setting limts (file ");
        assertThatThrownBy(() -> new Layers(ROOT).environment(Map.of("APIGEN_LIMITS__SISE", "1")))
                .hasMessage("unknown setting limits.sise (env APIGEN_LIMITS__SISE; known: size, pause)");
        assertThatThrownBy(() -> file("peers: [ { ulr: x } ]")).hasMessageStartingWith("unknown setting peers[0].ulr (file ");
        assertThat(new Layers(ROOT).environment(Map.of("APIGEN_UNRELATED", "x", "PATH", "/bin")).resolve().config(Root.class))
                .as("variables without a section separator are not settings").isNotNull();
    }

    @Test
    void shouldAcceptKeysInKebabSnakeOrCamelCase() throws IOException {
        record Named(int maxInFlight) {}
        Section s = Section.of("", Named.class, "", Setting.of("max_in_flight", Kind.INT, 1, Rule.any(), ""));
        for (String key : List.of("max_in_flight", "max-in-flight", "maxInFlight")) {
            Path f = Files.writeString(dir.resolve("n.yaml"), key + ": 7");
            assertThat(new Layers(s).file(f).resolve().config(Named.class).maxInFlight()).as(key).isEqualTo(7);
        }
    }

    @Test
    void shouldHideSecretMapEntriesWhereverTheyAreShown() throws IOException {
        Resolution r = file("quotas: { my_secret: 41, plain: 3 }").resolve();

        assertThat(r.entries()).contains(new Resolution.Entry("quotas.my_secret", Section.HIDDEN, Source.file(path().toString())),
                new Resolution.Entry("quotas.plain", "3", Source.file(path().toString())));
        assertThatThrownBy(() -> file("quotas: { my_secret: hunter2 }").resolve())
                .hasMessage("quotas.my_secret: [hidden] is not an integer (file " + path() + ")");
    }

    @Test
    void shouldRefuseARecordThatDoesNotHoldExactlyItsKeys() {
        assertThatThrownBy(() -> Section.of("limits", Limits.class, "", Setting.of("size", Kind.INT, 1, Rule.any(), "")))
                .isInstanceOf(IllegalStateException.class).hasMessage("Limits.pause is not a declared key");
        assertThatThrownBy(() -> Section.of("limits", Limits.class, "", Setting.of("size", Kind.LONG, 1L, Rule.any(), ""),
                Setting.of("pause", Kind.DURATION, Duration.ofSeconds(1), Rule.any(), "")))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Limits.size is int; key size needs long");
        assertThatThrownBy(() -> Section.of("limits", Limits.class, "", Setting.of("size", Kind.INT, 1, Rule.any(), ""),
                Setting.of("pause", Kind.DURATION, Duration.ofSeconds(1), Rule.any(), ""),
                Setting.of("extra", Kind.INT, 1, Rule.any(), "")))
                .isInstanceOf(IllegalStateException.class).hasMessage("Limits has no component for key extra");
    }

    @Test
    void shouldParseAndWriteDurations() {
        assertThat(Kind.DURATION.parse(TextNode.valueOf("500ms"))).isEqualTo(Duration.ofMillis(500));
        assertThat(Kind.DURATION.parse(TextNode.valueOf("1.5s"))).isEqualTo(Duration.ofMillis(1500));
        assertThat(Kind.DURATION.parse(TextNode.valueOf("2m"))).isEqualTo(Duration.ofMinutes(2));
        assertThat(Kind.DURATION.parse(TextNode.valueOf("1h"))).isEqualTo(Duration.ofHours(1));
        assertThat(Kind.DURATION.parse(TextNode.valueOf("PT30S"))).isEqualTo(Duration.ofSeconds(30));
        assertThat(Kind.DURATION.parse(TextNode.valueOf("45"))).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> Kind.DURATION.parse(TextNode.valueOf("soon"))).hasMessageStartingWith("is not a duration");
        assertThat(List.of(Duration.ofMillis(500), Duration.ofSeconds(90), Duration.ofMinutes(2), Duration.ofHours(3)))
                .extracting(Kind.DURATION::write).containsExactly("500ms", "90s", "2m", "3h");
    }
}
