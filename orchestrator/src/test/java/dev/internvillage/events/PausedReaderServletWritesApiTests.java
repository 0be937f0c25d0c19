package dev.internvillage.events;

import org.springframework.test.context.TestPropertySource;

/** {@link PausedReaderApiTests} with every stream written through the servlet stream. */
@TestPropertySource(properties = "SSE_DIRECT_SOCKET_WRITES=0")
class PausedReaderServletWritesApiTests extends PausedReaderApiTests {

    @Override
    boolean directWrites() {
        return false;
    }
}
