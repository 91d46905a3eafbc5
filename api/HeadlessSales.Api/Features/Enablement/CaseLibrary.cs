using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.Infrastructure.Tenancy;
using HeadlessSales.Api.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>What a submission or a review came to: the case, or why there is none.</summary>
public sealed record WonCaseResult(WonCase? Case, UserError? Error)
{
    public static WonCaseResult Failed(UserError error) => new(null, error);
}

/// <summary>
/// Submitting, resubmitting and reviewing cases. Each call saves its own changes; an approval puts the case into the
/// coach's index after its commit, so that the coach never answers from a case the database does not hold as approved.
/// </summary>
public sealed class CaseLibrary(TimeProvider clock, CaseSearchIndex index)
{
    /// <summary>Submits the first version of a case for a won opportunity the caller sees; the caller is its author.</summary>
    public async Task<WonCaseResult> SubmitAsync(SalesDbContext db, Actor actor, long opportunityId, WonCaseContent content, CancellationToken cancellationToken)
    {
        if (actor.MemberId is not { } authorId)
        {
            return WonCaseResult.Failed(new InvalidStateError("A case is written by a member; an integration submits none."));
        }

        var opportunity = await db.Opportunities.AsNoTracking().FirstOrDefaultAsync(o => o.Id == opportunityId, cancellationToken);
        if (opportunity is null)
        {
            return WonCaseResult.Failed(new NotFoundError("input.opportunityId", GlobalId.Encode("Opportunity", opportunityId)));
        }

        // Won: in the last stage of its pipeline, as attribution counts it.
        var lastStageId = await db.PipelineStages.AsNoTracking().Where(s => s.PipelineId == opportunity.PipelineId)
            .OrderByDescending(s => s.Position).Select(s => s.Id).FirstAsync(cancellationToken);
        if (opportunity.StageId != lastStageId)
        {
            return WonCaseResult.Failed(new InvalidStateError("Only a won opportunity (in its pipeline's last stage) becomes a case."));
        }

        if (await RefusalOfRecordingsAsync(db, opportunityId, content.RecordingDocumentIds, cancellationToken) is { } refusal)
        {
            return WonCaseResult.Failed(refusal);
        }

        if (await db.WonCases.AnyAsync(c => c.OpportunityId == opportunityId, cancellationToken))
        {
            return WonCaseResult.Failed(DuplicateOf(opportunityId));
        }

        var wonCase = WonCase.Submit(actor.TenantId, opportunityId, authorId, content, clock.GetUtcNow().UtcDateTime);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.WonCases.Add(wonCase);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (tenant, opportunity) index: another submission for it won the race.
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return WonCaseResult.Failed(DuplicateOf(opportunityId));
        }

        db.WonCaseVersions.Add(WonCaseVersion.Of(wonCase));
        await CaseObligations.AnswerAsync(db, wonCase, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new WonCaseResult(wonCase, null);
    }

    /// <summary>The author's next version of a returned case; it awaits review again.</summary>
    public async Task<WonCaseResult> ResubmitAsync(SalesDbContext db, Actor actor, WonCase wonCase, WonCaseContent content, CancellationToken cancellationToken)
    {
        if ((wonCase.RefusalOfResubmission(actor.MemberId) ?? await RefusalOfRecordingsAsync(db, wonCase.OpportunityId, content.RecordingDocumentIds, cancellationToken)) is { } refusal)
        {
            return WonCaseResult.Failed(refusal);
        }

        wonCase.Resubmit(content, clock.GetUtcNow().UtcDateTime);
        db.WonCaseVersions.Add(WonCaseVersion.Of(wonCase));
        return await SaveAsync(db, wonCase, cancellationToken);
    }

    /// <summary>Approves or returns the current version of a case; nobody reviews their own.</summary>
    public async Task<WonCaseResult> ReviewAsync(SalesDbContext db, Actor actor, WonCase wonCase, CaseReviewOutcome outcome, string? comment, CancellationToken cancellationToken)
    {
        if (wonCase.RefusalOfReviewer(actor.MemberId) is { } refusal)
        {
            return WonCaseResult.Failed(refusal);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var version = await db.WonCaseVersions.FirstAsync(v => v.CaseId == wonCase.Id && v.Version == wonCase.Version, cancellationToken);
        version.Record(outcome, actor.MemberId!.Value, comment, now);
        wonCase.Review(outcome, now);
        if (outcome == CaseReviewOutcome.Approved)
        {
            // The author's points land with the approval, in the same save: a refused approval pays nothing.
            await ContributionLedger.AddApprovalPointsAsync(db, wonCase, actor.Describe(), now, cancellationToken);
            await CaseObligations.FulfilAsync(db, wonCase, now, cancellationToken);
        }

        var result = await SaveAsync(db, wonCase, cancellationToken);
        if (result.Error is null && outcome == CaseReviewOutcome.Approved)
        {
            await index.PutAsync(wonCase, cancellationToken);
        }

        return result;
    }

    private static async Task<WonCaseResult> SaveAsync(SalesDbContext db, WonCase wonCase, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new WonCaseResult(wonCase, null);
        }
        catch (DbUpdateException)
        {
            // A concurrency conflict on (status, version) or the unique (case, version): somebody acted on this version first.
            db.ChangeTracker.Clear();
            return WonCaseResult.Failed(new InvalidStateError("Somebody acted on this case meanwhile; reload it."));
        }
    }

    /// <summary>Recordings must be audio documents of the case's own opportunity that the caller sees.</summary>
    private static async Task<UserError?> RefusalOfRecordingsAsync(SalesDbContext db, long opportunityId, IReadOnlyList<long> documentIds, CancellationToken cancellationToken)
    {
        if (documentIds.Count == 0)
        {
            return null;
        }

        var audio = await db.Documents.AsNoTracking()
            .Where(d => documentIds.Contains(d.Id) && d.OpportunityId == opportunityId && d.ContentType.StartsWith("audio/"))
            .Select(d => d.Id).ToListAsync(cancellationToken);
        var missing = documentIds.Except(audio).FirstOrDefault(-1);
        return missing == -1 ? null : new ValidationError("input.recordingDocumentIds", $"Document '{GlobalId.Encode("Document", missing)}' is not an audio recording of this case's opportunity.");
    }

    private static DuplicateError DuplicateOf(long opportunityId) =>
        new("input.opportunityId", GlobalId.Encode("Opportunity", opportunityId), "This opportunity already has a case; resubmit that one instead.");
}
