package io.apigenmt.topology.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.apigenmt.domains.ToolCall;
import io.apigenmt.topology.llm.PromptBlock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated customer of a rollout. It reads its instruction from the {@code <instruction>}
 * block of the rollout's user prompt ({@code prompts/user.md}) and the conversation so far, in
 * which the roles are flipped: its own earlier messages are "assistant", the agent's are "user".
 *
 * <p>Like tau-bench's user it reveals one thing per turn: first its identity and the first wanted
 * action, then "Yes." to a confirmation question, another identity detail when the agent asks for
 * one, and otherwise the next action, then each expected output it has not heard yet (as
 * {@code I expect to hear: "..."}), and finally {@code Thank you, that's all. ###STOP###}.
 * Stateless: everything is recomputed from the request on every turn.
 */
public final class SimUser implements SimRole {

    public static final String STOP = "###STOP###";
    static final String DONE = "Thank you, that's all. " + STOP;

    private enum IdForm { EMAIL, NAME_ZIP, USER_ID }

    private final ObjectMapper json;
    private final ActionPhrases phrases;
    private final SimInstructions instructions;
    private final SimTaskBook book;

    public SimUser(ObjectMapper json) {
        this(json, SimTaskBook.empty());
    }

    /** @param book given tasks it plays from their ground truth (their instructions are prose) */
    public SimUser(ObjectMapper json, SimTaskBook book) {
        this.json = json;
        this.phrases = new ActionPhrases(json);
        this.instructions = new SimInstructions(json);
        this.book = book;
    }

    /** Recognises the rollout's user prompt: an instruction block and the stop token in the system message. */
    public static boolean detects(JsonNode request) {
        JsonNode messages = request.path("messages");
        if (messages.isEmpty() || !"system".equals(messages.get(0).path("role").asText())) {
            return false;
        }
        String system = SimPrompts.content(messages.get(0));
        return system.contains(PromptBlock.INSTRUCTION.open()) && system.contains(STOP);
    }

    @Override
    public ObjectNode respond(JsonNode request, SplittableRandom random) {
        ObjectNode message = json.createObjectNode();
        message.put("role", "assistant");
        message.put("content", reply(request, random));
        return message;
    }

    private String reply(JsonNode request, SplittableRandom random) {
        String instruction = book.playable(SimPrompts.block(request, PromptBlock.INSTRUCTION).orElse(""));
        SimInstructions.Identity identity = SimInstructions.parseIdentity(instruction);
        List<ToolCall> actions = phrases.parseAll(instruction);
        List<String> outputs = instructions.parseExpectations(instruction);

        List<String> mine = new ArrayList<>();
        List<String> agents = new ArrayList<>();
        String lastAgent = "";
        for (JsonNode m : request.path("messages")) {
            String role = m.path("role").asText();
            if ("assistant".equals(role)) {
                mine.add(SimPrompts.content(m));
            } else if ("user".equals(role)) {
                lastAgent = SimPrompts.content(m);
                agents.add(lastAgent);
            }
        }
        if (mine.isEmpty()) {
            String item = nextItem(actions, outputs, mine, agents);
            String hello = reveal(identity, firstForm(identity, random));
            return (hello.isEmpty() ? "Hi!" : "Hi! " + hello) + " " + item;
        }
        // A user that loops (an agent that never finishes) still ends: a bounded conversation.
        if (mine.size() > 2 * (actions.size() + outputs.size()) + 6) {
            return "I have to go now. " + STOP;
        }
        String said = lastAgent.toLowerCase(Locale.ROOT);
        if (said.contains("(yes/no)") || said.contains("do you confirm")) {
            return "Yes.";
        }
        if (said.contains("verify your identity") || said.contains("could you please provide")) {
            return answerIdentityRequest(identity, said, String.join(" ", mine));
        }
        return nextItem(actions, outputs, mine, agents);
    }

    /** The next action not yet asked for, else the next output not yet heard, else goodbye. */
    private String nextItem(List<ToolCall> actions, List<String> outputs, List<String> mine, List<String> agents) {
        int requested = 0;
        Set<String> asked = new HashSet<>();
        for (String text : mine) {
            requested += phrases.parseAll(text).size();
            asked.addAll(instructions.parseExpectations(text));
        }
        if (requested < actions.size()) {
            return phrases.describe(actions.get(requested));
        }
        String heard = normalize(String.join("\n", agents));
        for (String output : outputs) {
            if (!asked.contains(output) && !heard.contains(normalize(output))) {
                return "Could you also tell me something? " + instructions.askFor(output);
            }
        }
        return mine.isEmpty() ? "I actually don't need anything today. " + STOP : DONE;
    }

    /** The first identity detail the agent's question mentions that has not been given yet. */
    private String answerIdentityRequest(SimInstructions.Identity identity, String question, String alreadySaid) {
        SimInstructions.Identity given = SimInstructions.parseIdentity(alreadySaid);
        List<IdForm> wanted = new ArrayList<>();
        if (question.contains("email")) {
            wanted.add(IdForm.EMAIL);
        }
        if (question.contains("zip") || question.contains("name")) {
            wanted.add(IdForm.NAME_ZIP);
        }
        if (question.contains("user id")) {
            wanted.add(IdForm.USER_ID);
        }
        for (IdForm form : wanted) {
            boolean known = switch (form) {
                case EMAIL -> identity.email() != null && given.email() == null;
                case NAME_ZIP -> identity.hasNameAndZip() && !given.hasNameAndZip();
                case USER_ID -> identity.userId() != null && given.userId() == null;
            };
            if (known) {
                return "Sure. " + reveal(identity, form);
            }
        }
        return "I'm sorry, I don't have any other details I can give you.";
    }

    /** A deterministic pick among the identity forms the instruction offers. */
    private static IdForm firstForm(SimInstructions.Identity identity, SplittableRandom random) {
        List<IdForm> forms = new ArrayList<>();
        if (identity.email() != null) {
            forms.add(IdForm.EMAIL);
        }
        if (identity.hasNameAndZip()) {
            forms.add(IdForm.NAME_ZIP);
        }
        if (identity.userId() != null) {
            forms.add(IdForm.USER_ID);
        }
        return forms.isEmpty() ? null : forms.get(random.nextInt(forms.size()));
    }

    private static String reveal(SimInstructions.Identity identity, IdForm form) {
        if (form == null) {
            return "";
        }
        return switch (form) {
            case EMAIL -> "My email is " + identity.email() + ".";
            case NAME_ZIP -> "My first name is " + identity.firstName() + ", my last name is " + identity.lastName()
                    + ", and my zip code is " + identity.zip() + ".";
            case USER_ID -> "My user id is " + identity.userId() + ".";
        };
    }

    /** The verifier's normalisation: lower case, commas removed. */
    static String normalize(String text) {
        return text.toLowerCase(Locale.ROOT).replace(",", "");
    }
}
