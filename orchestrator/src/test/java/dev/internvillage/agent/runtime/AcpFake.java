package dev.internvillage.agent.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The fake ACP agent ({@code agents/acp-fake/fake-agent.mjs}): a node program on the official ACP
 * SDK, whose packages the build installs into its directory (the orchestrator's generate-test-resources).
 */
final class AcpFake {

    /** The fake's directory in the sources; tests run in the orchestrator module's directory. */
    static final Path DIRECTORY = Path.of("src/test/resources/agents/acp-fake").toAbsolutePath();

    private AcpFake() {}

    /** The command line that starts the fake with {@code control} as its control directory. */
    static String commandLine(Path control) {
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules/@agentclientprotocol/sdk"))) {
            throw new IllegalStateException("the ACP SDK is not installed in " + DIRECTORY
                    + ": the build's npm-ci-acp-fake step installs it (mvn generate-test-resources)");
        }
        return "exec node " + DIRECTORY.resolve("fake-agent.mjs") + " " + control;
    }

    /** As a command list, for starting it directly. */
    static List<String> command(Path control) {
        return List.of("/bin/sh", "-c", commandLine(control));
    }
}
