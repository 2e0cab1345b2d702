package io.apigenmt.domains.sampling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ContextSampler;
import io.apigenmt.domains.TaskContext;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.domains.state.Database;
import io.apigenmt.domains.tools.DomainEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The sampling every domain shares: pick a customer, walk 1-3 writes over the domain's write
 * graph for them (another customer when the walk finds nothing), and in one task of three add a
 * fact the agent would have to tell. Domains supply how a user is shown and which fact to ask.
 */
public abstract class WalkSampler implements ContextSampler {

    private static final int MAX_CUSTOMER_TRIES = 20;
    /** Walks tried per group member for one that runs after the earlier members'. */
    private static final int MAX_MEMBER_TRIES = 8;

    private final Supplier<DomainEnvironment> freshEnvironment;
    private final WriteWalk walk;
    private final List<String> customers;
    private final long salt;

    /** @param salt mixes the task seed, so consecutive seeds do not give correlated first draws */
    protected WalkSampler(Supplier<DomainEnvironment> freshEnvironment, WriteWalk walk, List<String> customers, long salt) {
        this.freshEnvironment = freshEnvironment;
        this.walk = walk;
        this.customers = List.copyOf(customers);
        this.salt = salt;
    }

    @Override
    public final TaskContext sample(long randomSeed) {
        Random random = new Random(randomSeed * 0x9E3779B97F4A7C15L + salt);
        String userId = customers.get(random.nextInt(customers.size()));
        List<ToolCall> actions = walk.walk(userId, 1 + random.nextInt(3), random);
        for (int attempt = 0; actions.isEmpty() && attempt < MAX_CUSTOMER_TRIES; attempt++) {
            userId = customers.get(random.nextInt(customers.size()));
            actions = walk.walk(userId, 1 + random.nextInt(3), random);
        }
        return context(userId, actions, random);
    }

    @Override
    public final TaskContext sampleMember(long customerSeed, int member) {
        String userId = customerWithWrites(customerSeed);
        List<ToolCall> earlier = new ArrayList<>();
        Random random = null;
        List<ToolCall> actions = List.of();
        for (int m = 0; m <= member; m++) {
            random = new Random((customerSeed * 31 + m) * 0x9E3779B97F4A7C15L + salt);
            actions = memberWalk(userId, earlier, random);
            earlier.addAll(actions);
        }
        return context(userId, actions, random);
    }

    /** A walk that runs after {@code earlier}; the last one drawn when none of the tries does. */
    private List<ToolCall> memberWalk(String userId, List<ToolCall> earlier, Random random) {
        List<ToolCall> actions = List.of();
        for (int attempt = 0; attempt < MAX_MEMBER_TRIES; attempt++) {
            actions = walk.walk(userId, 1 + random.nextInt(2), random);
            if (!actions.isEmpty() && walk.runsAfter(earlier, actions)) {
                break;
            }
        }
        return actions;
    }

    /** The first customer the seed draws for whom some write walk exists. */
    private String customerWithWrites(long customerSeed) {
        Random random = new Random(customerSeed * 0xBF58476D1CE4E5B9L + salt);
        String userId = customers.get(random.nextInt(customers.size()));
        for (int attempt = 0; attempt < MAX_CUSTOMER_TRIES && walk.walk(userId, 1, new Random(customerSeed)).isEmpty(); attempt++) {
            userId = customers.get(random.nextInt(customers.size()));
        }
        return userId;
    }

    private TaskContext context(String userId, List<ToolCall> actions, Random random) {
        Database db = freshEnvironment.get().database();
        List<String> outputs = random.nextInt(3) == 0 ? outputFor(actions, db) : List.of();
        return new TaskContext(userId, userView(db, userId), Personas.pick(random), actions, outputs);
    }

    /** The user's record with the orders/reservations it owns, as the generator sees it. */
    protected abstract ObjectNode userView(Database db, String userId);

    /** A fact the agent would have to tell the user for this walk; empty when none fits. */
    protected abstract List<String> outputFor(List<ToolCall> actions, Database db);
}
