package io.outboundcalls.support;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on the RFC 9457 problems the API answers errors with. */
public final class Problems {

    private Problems() {
    }

    /** The reply is a problem of this status whose detail names the field (null: any detail). */
    public static void assertProblem(Api.Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).as(reply.toString()).startsWith("application/problem+json");
        String detail = reply.json().path("detail").asText();
        assertThat(detail).as(reply.toString()).isNotBlank();
        if (field != null) {
            assertThat(detail).as(reply.toString()).contains(field);
        }
    }
}
