package io.apigenmt.topology.cli;

import io.apigenmt.topology.pipeline.ConfigLoader;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code --environment NAME=URL}: a remote domain (repeatable), shared by the commands that serve or count domains. */
final class EnvironmentOptions implements ConfigFlags {

    static final String FLAG = "--environment";
    /** A domain name: what seeds carry and a configuration key holds. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    @Option(names = FLAG, paramLabel = "NAME=URL",
            description = "A remote domain NAME served at URL by a server speaking the environment protocol"
                    + " (docs/environment-protocol.md); repeatable; a built-in domain's name replaces it: environments.NAME.")
    Map<String, String> environments;

    @Override
    public void applyTo(ConfigLoader layers) {
        if (environments == null) {
            return;
        }
        environments.forEach((name, url) -> {
            if (!NAME.matcher(name).matches()) {
                throw new UsageException(FLAG + ": '" + name + "' is not a domain name (lower-case letters, digits, '_' and '-')");
            }
            layers.flag(FLAG, url, "environments." + name);
        });
    }
}
