package dev.internvillage.events;

import org.springframework.test.context.TestPropertySource;

/** {@link FullSocketApiTests} with every stream written through the servlet stream. */
@TestPropertySource(properties = "SSE_DIRECT_SOCKET_WRITES=0")
class FullSocketServletWritesApiTests extends FullSocketApiTests {}
