package dev.lockstep.http.identity;

import dev.lockstep.application.identity.SignOut;
import dev.lockstep.http.identity.IdentityViews.SignOutBody;
import dev.lockstep.http.support.ApiAnswers;
import dev.lockstep.http.support.Problems;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code POST /v1/sessions/sign-out}: no API key ({@link dev.lockstep.http.support.RequestGuard}
 * exempts exactly this route); the refresh token is the credential, so an unknown or revoked one is
 * 401.
 */
@Controller("/v1/sessions")
@Tag(name = "Sessions")
public class SignOutController {
    private final SignOut signOut;

    public SignOutController(SignOut signOut) {
        this.signOut = signOut;
    }

    @Operation(
            operationId = "signOut",
            summary = "End the session of a refresh token (401 when unknown or already revoked)")
    // security: [] (no API key) is declared in src/main/openapi/no-api-key.yml
    @Post("/sign-out")
    @Status(HttpStatus.NO_CONTENT)
    // no body: a client that accepts only problem+json (what the document lists) must not get a 406
    @Produces({MediaType.APPLICATION_JSON, Problems.PROBLEM_JSON_TYPE})
    @ApiResponse(responseCode = "400", ref = ApiAnswers.BAD_REQUEST)
    @ApiResponse(responseCode = "401", ref = ApiAnswers.SIGN_OUT_UNAUTHORIZED)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.WRITE_CONFLICT)
    @ApiResponse(responseCode = "413", ref = ApiAnswers.PAYLOAD_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiAnswers.UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public void signOut(@Body SignOutBody body) {
        signOut.signOut(body.refreshToken());
    }
}
