package io.apigenmt.topology.llm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model answer split into its chain of thought and its content, for every shape servers use:
 * <ul>
 *   <li>a separate field beside {@code content}: {@code reasoning_content} (DeepSeek's API, SGLang,
 *       llama.cpp, vLLM before 0.18), {@code reasoning} (vLLM 0.11+, Ollama's /v1, OpenRouter) or
 *       {@code thinking} (Ollama's native messages);</li>
 *   <li>a server without a reasoning parser: a leading {@code <think>…</think>} block in content
 *       (Qwen3, QwQ, DeepSeek-R1); a closing {@code </think>} without its opening tag, when the
 *       chat template put {@code <think>} into the prompt (R1 distills); or an opening tag never
 *       closed, when {@code max_tokens} cut the answer off inside its reasoning.</li>
 * </ul>
 * Only {@link #content} goes into a conversation, a check or a dataset.
 *
 * @param content   the answer without any reasoning; null when there is none (nothing but
 *                  whitespace was left once the reasoning was split off)
 * @param reasoning the chain of thought; null when the server sent none
 * @param unclosed  the content opened a {@code <think>} block it never closed: whatever followed
 *                  the tag is reasoning, and no answer came
 */
public record Reasoning(String content, String reasoning, boolean unclosed) {

    private static final Pattern OPEN = Pattern.compile("\\A\\s*<(think|thinking)>", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLOSE = Pattern.compile("</(think|thinking)>", Pattern.CASE_INSENSITIVE);

    /**
     * @param content the message's content as received (may be null)
     * @param field   the reasoning the server sent in a field of its own (may be null)
     */
    public static Reasoning split(String content, String field) {
        String separate = blankToNull(field);
        if (content == null) {
            return new Reasoning(null, separate, false);
        }
        Matcher open = OPEN.matcher(content);
        boolean opened = open.find();
        int from = opened ? open.end() : 0;
        Matcher close = CLOSE.matcher(content);
        if (close.find(from)) {
            String thought = content.substring(from, close.start());
            return new Reasoning(blankToNull(content.substring(close.end()).strip()), join(separate, thought), false);
        }
        if (opened) {
            return new Reasoning(null, join(separate, content.substring(from)), true);
        }
        return new Reasoning(content, separate, false);
    }

    /** The answer had nothing but reasoning: no content to use. */
    public boolean onlyReasoning() {
        return (content == null || content.isBlank()) && reasoning != null;
    }

    private static String join(String a, String b) {
        String second = blankToNull(b);
        if (a == null) {
            return second == null ? null : second.strip();
        }
        return second == null ? a : a + "\n\n" + second.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
