package io.herald.signer.resign;

import io.herald.provider.spi.signing.UnsignableNotificationException;
import io.herald.schema.SignedDelivery;
import io.herald.signer.signing.RequestSigning;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/v1/resign}: the dispatcher hands back a {@link SignedDelivery} that got too close to its
 * provider's window (or was rejected for its time) and gets a freshly signed one for the same notification and
 * attempt, without losing its place in the partition. Request and answer are Avro single-object encoded
 * ({@value #MEDIA_TYPE}). 200 with the new delivery; 503 problem when the clock cannot be trusted within the
 * provider's tolerance or the channel is disabled (the dispatcher parks it); 422 problem when the channel cannot be
 * signed or was deleted (dead-lettered); 400 for an undecodable body. Uses the same
 * signing code path as the Kafka listeners ({@link RequestSigning}), writes nothing to Kafka. Not in the OpenAPI
 * document: an internal door, for Herald's dispatchers only.
 */
@Hidden
@RestController
class ResignController {

    public static final String MEDIA_TYPE = "application/vnd.herald.signed-delivery+avro";

    /** Needs a SERVICE credential, which only dispatchers hold ({@code io.herald.signer.SignerDoors}). */
    public static final String PATH = "/internal/v1/resign";

    private final RequestSigning signing;

    public ResignController(RequestSigning signing) {
        this.signing = signing;
    }

    @PostMapping(path = PATH, consumes = MEDIA_TYPE)
    public ResponseEntity<?> resign(@RequestBody byte[] body) {
        SignedDelivery stale;
        try {
            stale = SignedDelivery.getDecoder().decode(body);
        } catch (IOException | AvroRuntimeException e) {
            return problem(
                    HttpStatus.BAD_REQUEST,
                    "Undecodable signed delivery",
                    "the body is not an Avro single-object encoded SignedDelivery ("
                            + e.getClass().getSimpleName() + ")");
        }
        RequestSigning.Result result;
        try {
            result = signing.sign(stale.getNotification(), stale.getAttempt(), stale.getPriorAttempts());
        } catch (UnsignableNotificationException e) {
            return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Cannot be signed", e.getMessage());
        }
        if (result.refused()) {
            // the dispatcher reads 422 as permanent (dead letter) and 503 as "wait" (park); the title says why
            String reason = result.delivery().getRefusal().getReason();
            return switch (result.cause()) {
                case DELETED -> problem(HttpStatus.UNPROCESSABLE_CONTENT, "Channel deleted", reason);
                case DISABLED -> problem(HttpStatus.SERVICE_UNAVAILABLE, "Channel disabled", reason);
                case CLOCK -> problem(HttpStatus.SERVICE_UNAVAILABLE, "Clock not trustworthy", reason);
                case UNKNOWN_CHANNEL, UNSIGNABLE ->
                    problem(HttpStatus.UNPROCESSABLE_CONTENT, "Channel cannot be signed", reason);
            };
        }
        try {
            ByteBuffer encoded = SignedDelivery.getEncoder().encode(result.delivery());
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(MEDIA_TYPE))
                    .body(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the signed delivery", e);
        }
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
