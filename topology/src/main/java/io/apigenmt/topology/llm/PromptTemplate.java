package io.apigenmt.topology.llm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt kept as a classpath resource (prompts live in files, not in code), with
 * {@code {{name}}} placeholders.
 *
 * <p>A template may hold several chat messages: a line that is exactly {@code [system]},
 * {@code [user]} or {@code [assistant]} starts a new message of that role. Text before the first
 * marker belongs to a user message. Substituted values are inserted verbatim and never
 * re-scanned, so a placeholder-like string inside a value (e.g. in a user's data) is harmless.
 */
public final class PromptTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");
    private static final Pattern ROLE_LINE = Pattern.compile("(?m)^\\[(system|user|assistant)]\\s*$");

    private final String name;
    private final String text;

    private PromptTemplate(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** Loads {@code resource} (e.g. {@code prompts/judge.md}) from the class path; fails if absent. */
    public static PromptTemplate load(String resource) {
        ClassLoader loader = PromptTemplate.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("prompt template '" + resource + "' is not on the class path");
            }
            return new PromptTemplate(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read prompt template '" + resource + "'", e);
        }
    }

    public static PromptTemplate of(String name, String text) {
        return new PromptTemplate(name, text);
    }

    public String name() {
        return name;
    }

    /**
     * Replaces every placeholder.
     *
     * @throws IllegalArgumentException naming the template and every placeholder without a value
     */
    public String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 1024);
        List<String> missing = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            String value = values.get(m.group(1));
            if (value == null) {
                if (!missing.contains(m.group(1))) {
                    missing.add(m.group(1));
                }
            } else {
                out.append(value);
            }
            last = m.end();
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("prompt template '" + name + "' has no value for " + missing);
        }
        out.append(text, last, text.length());
        return out.toString();
    }

    /** Renders and splits into chat messages at the role marker lines; empty messages are dropped. */
    public List<ChatMessage> messages(Map<String, String> values) {
        // Split before substituting so that a value containing "[user]" cannot forge a message.
        List<ChatMessage> messages = new ArrayList<>();
        Matcher m = ROLE_LINE.matcher(text);
        String role = "user";
        int start = 0;
        while (m.find()) {
            add(messages, role, text.substring(start, m.start()), values);
            role = m.group(1);
            start = m.end();
        }
        add(messages, role, text.substring(start), values);
        return messages;
    }

    private void add(List<ChatMessage> messages, String role, String part, Map<String, String> values) {
        String rendered = new PromptTemplate(name, part).render(values).strip();
        if (rendered.isEmpty()) {
            return;
        }
        messages.add(new ChatMessage(role, rendered, List.of(), null, null));
    }
}
