package io.apigenmt.topology.llm;

import okhttp3.HttpUrl;

/**
 * The base-URL rule, in one place.
 *
 * <ul>
 *   <li>A base URL with an empty path ({@code http://host:8000} or {@code http://host:8000/})
 *       gets {@code /v1} appended: that is where every OpenAI-compatible server (vLLM, SGLang,
 *       Ollama, llama.cpp, LiteLLM, sim-llm) serves the API.</li>
 *   <li>Any other path is kept as given ({@code http://host:8000/v1},
 *       {@code https://openrouter.ai/api/v1}, a gateway's {@code /openai/v1}), trailing slashes
 *       ignored; a trailing {@code /chat/completions} is tolerated and stripped, because people
 *       paste the full URL.</li>
 *   <li>{@code /chat/completions} is then appended. A query string is kept (some gateways need
 *       one) but never shown in logs, metrics or messages.</li>
 *   <li>User-info ({@code http://user:pass@host}) is rejected: credentials belong in
 *       apiKeyEnv/apiKeyFile, where they are never logged.</li>
 * </ul>
 */
public final class Endpoints {

    private Endpoints() {
    }

    static void validateBaseUrl(String baseUrl) {
        HttpUrl url = HttpUrl.parse(baseUrl.trim());
        if (url == null) {
            // No user-info check possible on an unparseable URL: do not echo it, it might hold one.
            throw new IllegalArgumentException("base URL is not an http(s) URL");
        }
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new IllegalArgumentException("base URL must not contain user-info credentials ("
                    + url.host() + "); use apiKeyEnv or apiKeyFile");
        }
    }

    /** The normalized base URL (no trailing slash, /v1 added to an empty path, no query). */
    public static String key(String baseUrl) {
        HttpUrl base = base(baseUrl);
        return base.newBuilder().query(null).build().toString().replaceAll("/+$", "");
    }

    /** What logs, metrics and exception messages show: scheme, host, port and path only. */
    public static String display(HttpUrl url) {
        return url.newBuilder().query(null).fragment(null).build().toString();
    }

    /** A base URL as configuration output shows it: no user-info, query or fragment. */
    static String shown(String baseUrl) {
        HttpUrl url = HttpUrl.parse(baseUrl.trim());
        return url == null ? "[not a URL]" : display(url.newBuilder().username("").password("").build());
    }

    /** {base}/chat/completions following the rule in the class comment. */
    public static HttpUrl chatCompletionsUrl(String baseUrl) {
        return base(baseUrl).newBuilder().addPathSegment("chat").addPathSegment("completions").build();
    }

    private static HttpUrl base(String baseUrl) {
        validateBaseUrl(baseUrl);
        HttpUrl url = HttpUrl.parse(baseUrl.trim());
        java.util.List<String> segments = new java.util.ArrayList<>(url.pathSegments());
        segments.removeIf(String::isEmpty);
        int n = segments.size();
        if (n >= 2 && segments.get(n - 2).equals("chat") && segments.get(n - 1).equals("completions")) {
            segments = segments.subList(0, n - 2);
        }
        if (segments.isEmpty()) {
            segments = java.util.List.of("v1");
        }
        HttpUrl.Builder b = url.newBuilder().encodedPath("/");
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }
}
