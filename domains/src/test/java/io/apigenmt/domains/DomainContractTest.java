package io.apigenmt.domains;

import static org.assertj.core.api.Assertions.assertThat;

import io.apigenmt.domains.PolicyChecker.ExecutedCall;
import io.apigenmt.domains.airline.AirlineDomain;
import io.apigenmt.domains.retail.RetailDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DomainContractTest {

    private final DomainRegistry registry = DomainRegistry.load();

    Stream<Domain> domains() {
        return registry.names().stream().sorted().map(name -> registry.find(name).orElseThrow());
    }

    @Test
    void shouldDiscoverBothReferenceDomainsThroughServiceLoader() {
        assertThat(registry.names()).containsExactlyInAnyOrder("retail", "airline");
        assertThat(registry.find("retail")).get().isInstanceOf(RetailDomain.class);
        assertThat(registry.find("airline")).get().isInstanceOf(AirlineDomain.class);
        assertThat(registry.find("bank")).isEmpty();
        assertThat(registry.find(null)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("domains")
    void shouldOfferEveryToolAsAnOpenAiFunctionSchema(Domain domain) {
        for (ToolSpec tool : domain.tools()) {
            assertThat(tool.description()).isNotBlank();
            assertThat(tool.parameters().path("type").asText()).isEqualTo("object");
            assertThat(tool.parameters().path("properties").isObject()).isTrue();
            assertThat(tool.parameters().path("required").isArray()).isTrue();
        }
        assertThat(domain.tool("think")).get().extracting(ToolSpec::kind).isEqualTo(ToolSpec.Kind.READ);
        assertThat(domain.tool("calculate")).get().extracting(ToolSpec::kind).isEqualTo(ToolSpec.Kind.READ);
        assertThat(domain.tool("transfer_to_human_agents")).get().extracting(ToolSpec::kind)
                .isEqualTo(ToolSpec.Kind.TERMINATE);
        assertThat(domain.policy()).isNotBlank();
    }

    @Test
    void shouldListExactlyTheReferenceToolsPerDomain() {
        assertThat(registry.find("retail").orElseThrow().tools()).extracting(ToolSpec::name).containsExactlyInAnyOrder(
                "find_user_id_by_email", "find_user_id_by_name_zip", "get_user_details", "get_order_details",
                "get_product_details", "list_all_product_types", "calculate", "think", "transfer_to_human_agents",
                "cancel_pending_order", "modify_pending_order_address", "modify_pending_order_payment",
                "modify_pending_order_items", "exchange_delivered_order_items", "return_delivered_order_items",
                "modify_user_address");
        assertThat(registry.find("airline").orElseThrow().tools()).extracting(ToolSpec::name).containsExactlyInAnyOrder(
                "get_user_details", "get_reservation_details", "list_all_airports", "search_direct_flight",
                "search_onestop_flight", "calculate", "think", "transfer_to_human_agents", "book_reservation",
                "cancel_reservation", "update_reservation_flights", "update_reservation_baggages",
                "update_reservation_passengers", "send_certificate");
    }

    @ParameterizedTest
    @MethodSource("domains")
    void shouldSampleWalksThatExecuteAndPassThePolicyOverManySeeds(Domain domain) {
        Set<String> writesSeen = new HashSet<>();
        Set<String> users = new HashSet<>();
        int withOutputs = 0;
        for (long seed = 0; seed < 300; seed++) {
            TaskContext context = domain.contextSampler().sample(seed);
            assertThat(context.suggestedActions()).as("seed %d", seed).hasSizeBetween(1, 3);
            assertThat(context.suggestedOutputs()).hasSizeLessThanOrEqualTo(1);
            assertThat(context.user().path("user_id").asText()).isEqualTo(context.userId());
            assertThat(context.persona()).isNotBlank();
            Environment initial = domain.newEnvironment();
            Environment env = domain.newEnvironment();
            List<ExecutedCall> trace = new ArrayList<>();
            for (ToolCall call : context.suggestedActions()) {
                assertThat(domain.tool(call.name())).get().extracting(ToolSpec::kind).isEqualTo(ToolSpec.Kind.WRITE);
                assertThat(domain.tool(call.name()).orElseThrow().validate(call.arguments())).isEmpty();
                Observation observation = env.execute(call);
                assertThat(observation.error()).as("seed %d call %s -> %s", seed, call, observation.content())
                        .isFalse();
                trace.add(new ExecutedCall(call, observation));
                writesSeen.add(call.name());
            }
            assertThat(domain.policyChecker().check(trace, initial)).as("seed %d", seed).isEmpty();
            assertThat(env.diffFrom(initial).isEmpty()).isFalse();
            users.add(context.userId());
            withOutputs += context.suggestedOutputs().size();
        }
        List<String> allWrites = domain.tools().stream().filter(ToolSpec::isWrite).map(ToolSpec::name).toList();
        assertThat(writesSeen).containsExactlyInAnyOrderElementsOf(allWrites);
        assertThat(users).hasSizeGreaterThan(150);
        assertThat(withOutputs).isBetween(30, 200);
    }

    @ParameterizedTest
    @MethodSource("domains")
    void shouldSampleTheSameContextForTheSameSeed(Domain domain) {
        TaskContext first = domain.contextSampler().sample(42);
        TaskContext again = domain.contextSampler().sample(42);
        assertThat(again).isEqualTo(first);
        assertThat(domain.contextSampler().sample(43)).isNotEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("domains")
    void shouldSampleGroupMembersOfOneCustomerWhoseWalksAlsoRunOneAfterAnother(Domain domain) {
        Set<String> customers = new HashSet<>();
        int combinable = 0;
        int groups = 40;
        for (long customerSeed = 0; customerSeed < groups; customerSeed++) {
            Set<String> users = new HashSet<>();
            List<ToolCall> combined = new ArrayList<>();
            for (int member = 0; member < 3; member++) {
                TaskContext context = domain.contextSampler().sampleMember(customerSeed, member);
                users.add(context.userId());
                assertThat(context.suggestedActions()).as("customer seed %d, member %d", customerSeed, member).isNotEmpty();
                assertThat(run(domain, context.suggestedActions())).as("member %d alone", member).isTrue();
                combined.addAll(context.suggestedActions());
            }
            assertThat(users).as("customer seed %d", customerSeed).hasSize(1);
            customers.addAll(users);
            combinable += run(domain, combined) ? 1 : 0;
        }
        assertThat(customers).hasSizeGreaterThan(groups / 2);
        assertThat(combinable).as("groups whose three walks run one after another").isGreaterThan(groups * 3 / 4);
        assertThat(domain.contextSampler().sampleMember(5, 1)).isEqualTo(domain.contextSampler().sampleMember(5, 1));
        assertThat(domain.contextSampler().sampleMember(5, 1)).isNotEqualTo(domain.contextSampler().sampleMember(5, 0));
    }

    /** Whether the calls execute on a fresh environment and pass the policy. */
    private static boolean run(Domain domain, List<ToolCall> calls) {
        Environment initial = domain.newEnvironment();
        Environment env = domain.newEnvironment();
        List<ExecutedCall> trace = new ArrayList<>();
        for (ToolCall call : calls) {
            Observation observation = env.execute(call);
            if (observation.error()) {
                return false;
            }
            trace.add(new ExecutedCall(call, observation));
        }
        return domain.policyChecker().check(trace, initial).isEmpty();
    }
}
