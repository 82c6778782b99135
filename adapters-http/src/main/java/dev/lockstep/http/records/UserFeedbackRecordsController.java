package dev.lockstep.http.records;

import dev.lockstep.application.feedback.DeleteUserFeedbackRecords;
import dev.lockstep.domain.feedback.UserId;
import dev.lockstep.http.support.AdminOnly;
import dev.lockstep.http.support.ApiAnswers;
import dev.lockstep.http.support.ApiKeyAnswers;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code DELETE /v1/users/{userId}/feedback-records}: the GDPR delete, across every tenant. */
@Controller("/v1/users/{userId}/feedback-records")
@Tag(name = "Feedback records")
@ApiKeyAnswers
public class UserFeedbackRecordsController {
    private final DeleteUserFeedbackRecords deleteAll;

    public UserFeedbackRecordsController(DeleteUserFeedbackRecords deleteAll) {
        this.deleteAll = deleteAll;
    }

    @Serdeable
    @Schema(name = "DeletedByTenant")
    public record DeletedByTenant(Map<String, Integer> deletedByTenant) {}

    @Operation(
            operationId = "deleteUserFeedbackRecords",
            summary = "GDPR: delete every feedback record of a user in every tenant, all or nothing (admin)")
    @Delete
    // the delete reaches every tenant holding the user's records, so a tenant-scoped admin key would
    // act outside its scope
    @AdminOnly(allTenants = true)
    @ApiResponse(responseCode = "409", ref = ApiAnswers.WRITE_CONFLICT)
    @ApiResponse(responseCode = "503", ref = ApiAnswers.WRITE_UNAVAILABLE)
    public DeletedByTenant delete(String userId) {
        Map<String, Integer> out = new LinkedHashMap<>();
        deleteAll.delete(UserId.of(userId)).deletedByTenant().forEach((t, n) -> out.put(t.value(), n));
        return new DeletedByTenant(out);
    }
}
