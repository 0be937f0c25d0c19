package dev.internvillage.agent.runtime;

import dev.internvillage.agent.AgentType;
import dev.internvillage.agent.process.OutputRenderer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code AGENT_RUNTIME=gemini}: Gemini CLI headless, its stream-json rendered by {@link
 * GeminiJsonRenderer}; a follow-up continues the session with {@code --resume <id>}. The prompt goes
 * on stdin, which Gemini CLI reads before the {@code --prompt} text: that only points back at it.
 */
final class GeminiRuntime extends CliRuntime {

    static final String PROMPT_POINTER = "Carry out the instructions above.";

    private final JsonMapper json;

    GeminiRuntime(String program, @Nullable String model, JsonMapper json) {
        super(program, model);
        this.json = json;
    }

    @Override
    List<String> arguments(AgentType role, @Nullable String model, @Nullable String resume) {
        List<String> arguments = new ArrayList<>(List.of("--output-format", "stream-json", "--yolo"));
        if (model != null) {
            arguments.addAll(List.of("--model", model));
        }
        if (resume != null) {
            arguments.addAll(List.of("--resume", resume));
        }
        arguments.addAll(List.of("--prompt", PROMPT_POINTER));
        return arguments;
    }

    /** Gemini's API keys, or Vertex AI's project, place and credentials. */
    @Override
    public List<String> passedEnvironment() {
        return List.of(
                "GEMINI_API_KEY",
                "GOOGLE_API_KEY",
                "GOOGLE_GENAI_USE_VERTEXAI",
                "GOOGLE_CLOUD_PROJECT",
                "GOOGLE_CLOUD_LOCATION",
                "GOOGLE_APPLICATION_CREDENTIALS",
                "GEMINI_MODEL");
    }

    @Override
    String sessionDirectoryInHome() {
        return ".gemini";
    }

    @Override
    public OutputRenderer newRenderer() {
        return new GeminiJsonRenderer(json);
    }
}
