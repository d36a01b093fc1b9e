package org.silkgate.network;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.silkgate.ap.ApConfig;

/**
 * How to start a {@link DemoNetwork}.
 *
 * @param dataDir   everything lives here: {@code pki/}, {@code registry/}, {@code ap-KZ/} … (created if missing)
 * @param story     the documents whose receivers are registered in the registry for their document types
 * @param apConfig  a last change to each access point's configuration (the conformance suite sets retries, policies)
 */
public record NetworkOptions(Path dataDir, List<StoryDocument> story, UnaryOperator<ApConfig> apConfig) {
    public NetworkOptions {
        story = List.copyOf(story);
    }

    /** The demo story, access points as configured by default. */
    public static NetworkOptions demo(Path dataDir) {
        return new NetworkOptions(dataDir, DemoStory.documents(), UnaryOperator.identity());
    }

    public NetworkOptions withApConfig(UnaryOperator<ApConfig> change) {
        return new NetworkOptions(dataDir, story, change);
    }
}
