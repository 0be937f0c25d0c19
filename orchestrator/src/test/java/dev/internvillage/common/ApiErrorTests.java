package dev.internvillage.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;

class ApiErrorTests {

    @Test
    void writesTheErrorBodyWithTheCodesStatus() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        ApiError.write(response, ErrorCode.CONFLICT, "say \"no\"");

        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(response.getContentType()).startsWith("application/json");
        assertThat(response.getContentAsString())
                .isEqualTo("{\"error\":{\"code\":\"CONFLICT\",\"message\":\"say \\\"no\\\"\"}}");
    }

    @Test
    void theTextFormIsTheSameBody() {
        assertThat(ApiError.of(ErrorCode.INVALID_REQUEST, "the request is malformed")
                        .toJson())
                .isEqualTo("{\"error\":{\"code\":\"INVALID_REQUEST\",\"message\":\"the request is malformed\"}}");
    }

    @Test
    void aStatusSetOutsideOurHandlingMapsToTheClosestCode() {
        assertThat(ErrorCode.forStatus(404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ErrorCode.forStatus(413)).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(ErrorCode.forStatus(418)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ErrorCode.forStatus(503)).isEqualTo(ErrorCode.INTERNAL);
    }
}
