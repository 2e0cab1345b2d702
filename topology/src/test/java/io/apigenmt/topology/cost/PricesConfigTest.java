package io.apigenmt.topology.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apigenmt.topology.config.ConfigException;
import io.apigenmt.topology.llm.Tokens;
import io.apigenmt.topology.pipeline.ConfigLoader;
import io.apigenmt.topology.pipeline.PipelineConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prices and the budget are declared keys: cost.prices.NAME in a file or the environment, cost.max_usd. */
class PricesConfigTest {

    @TempDir
    Path dir;

    private PipelineConfig load(String yaml, Map<String, String> env) throws IOException {
        return ConfigLoader.load(Files.writeString(dir.resolve("apigen.yaml"), yaml), env).build();
    }

    @Test
    void shouldReadPricesPerModelFromTheFileAndTheEnvironment() throws IOException {
        PipelineConfig config = load("""
                cost:
                  max_usd: 25
                  prices:
                    gpt-4o: {input: 2.50, cached_input: 1.25, output: 10.00}
                    my-llama: {input: 0.20, output: 0.20}
                """, Map.of("APIGEN_COST__PRICES__judge", "input=0.15,cached_input=0.075,output=0.60"));

        Prices prices = config.cost().priceList();
        assertThat(config.cost().maxUsd()).isEqualTo(25.0);
        assertThat(prices.of("gpt-4o")).contains(new ModelPrice(new BigDecimal("2.50"), new BigDecimal("1.25"),
                new BigDecimal("10.00")));
        // no cached_input: cached tokens cost the input price (a missing discount never lowers a figure)
        assertThat(prices.of("my-llama").orElseThrow().cachedInput()).isEqualByComparingTo("0.20");
        assertThat(prices.of("judge").orElseThrow().output()).isEqualByComparingTo("0.60");
        assertThat(prices.of("unlisted")).isEmpty();
        assertThat(ConfigLoader.defaults().build().cost().prices()).as("no built-in prices").isEmpty();
        assertThat(ConfigLoader.defaults().build().cost().maxUsd()).as("no budget by default").isNull();
    }

    @Test
    void shouldCostTokensExactlyAtAPrice() {
        ModelPrice gpt4o = new ModelPrice(new BigDecimal("2.50"), new BigDecimal("1.25"), new BigDecimal("10.00"));

        // 1,000,000 prompt tokens of which 400,000 cached, 100,000 completion: 1.5 + 0.5 + 1.0
        assertThat(gpt4o.cost(new Tokens(1_000_000, 400_000, 100_000, 10))).isEqualByComparingTo("3.0");
        assertThat(gpt4o.cost(new Tokens(1234, 0, 56, 1))).isEqualByComparingTo("0.003645");
        assertThat(gpt4o.cost(Tokens.NONE)).isEqualByComparingTo("0");
    }

    @Test
    void shouldRefuseAPriceThatIsNotOneNamingTheKeyAndWhatAPriceIs() {
        assertThatThrownBy(() -> load("cost: {prices: {m: {input: 1}}}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cost.prices.m: a mapping needs input and output")
                .hasMessageContaining("{input: USD, cached_input: USD, output: USD} per million tokens");
        assertThatThrownBy(() -> load("cost: {prices: {m: {input: 1, output: -2}}}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cost.prices.m: a mapping has a negative price");
        assertThatThrownBy(() -> load("cost: {prices: {m: {input: 1, output: 2, cache: 1}}}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("has an unknown field 'cache'");
        assertThatThrownBy(() -> load("cost: {prices: {m: 3}}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cost.prices.m: '3'");
        assertThatThrownBy(() -> load("cost: {max_usd: 0}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cost.max_usd: 0.0 is not > 0");
    }
}
