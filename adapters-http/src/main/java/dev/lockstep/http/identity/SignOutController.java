package dev.lockstep.http.identity;

import dev.lockstep.application.identity.SignOut;
import dev.lockstep.http.identity.IdentityViews.SignOutBody;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;

/**
 * {@code POST /v1/sessions/sign-out}: no API key (the API-key filter exempts exactly this route);
 * the refresh token is the credential, so an unknown or revoked one is 401.
 */
@Controller("/v1/sessions")
@ExecuteOn(TaskExecutors.BLOCKING)
public class SignOutController {
  private final SignOut signOut;

  public SignOutController(SignOut signOut) {
    this.signOut = signOut;
  }

  @Operation(summary = "End the session of a refresh token (401 when unknown or already revoked)")
  @Post("/sign-out")
  @Status(HttpStatus.NO_CONTENT)
  public void signOut(@Body SignOutBody body) {
    signOut.signOut(body.refreshToken());
  }
}
