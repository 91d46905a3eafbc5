using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>Writing cases and reviewing them through the API.</summary>
public sealed class EnablementMutations(CaseLibrary library) : IMutationFields
{
    /// <summary>
    /// The quality team's tokens carry <c>sales:read</c> only (a reviewer does not change the customer book), so a review
    /// is authorized by role: reviewers, and sales ops and admins who stand in for them.
    /// </summary>
    private static readonly MemberRole[] ReviewerRoles = [MemberRole.Reviewer, MemberRole.SalesOps, MemberRole.Admin];

    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SubmitWonCasePayloadType>>("submitWonCase")
            .Authorize(Scopes.SalesWrite)
            .Description("Submits a case for a won opportunity the caller sees, written by the caller; it awaits a reviewer. One case per opportunity.")
            .Argument<NonNullGraphType<SubmitWonCaseInputType>>("input")
            .ResolveAsync(async ctx => await SubmitAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<ResubmitWonCasePayloadType>>("resubmitWonCase")
            .Authorize(Scopes.SalesWrite)
            .Description("The author's next version of a returned case; the previous versions and their reviews are kept.")
            .Argument<NonNullGraphType<ResubmitWonCaseInputType>>("input")
            .ResolveAsync(async ctx => await ResubmitAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<ApproveWonCasePayloadType>>("approveWonCase")
            .Authorize(Scopes.SalesRead, ReviewerRoles)
            .Description("A reviewer approves the submitted version of a case: it enters the library the coach answers from. Nobody reviews their own case.")
            .Argument<NonNullGraphType<ReviewWonCaseInputType>>("input")
            .ResolveAsync(async ctx => await ReviewAsync(ctx, ctx.GetInput(), CaseReviewOutcome.Approved));

        mutation.Field<NonNullGraphType<ReturnWonCasePayloadType>>("returnWonCase")
            .Authorize(Scopes.SalesRead, ReviewerRoles)
            .Description("A reviewer returns the submitted version of a case to its author with comments; the author resubmits a new version.")
            .Argument<NonNullGraphType<ReviewWonCaseInputType>>("input")
            .ResolveAsync(async ctx => await ReviewAsync(ctx, ctx.GetInput(), CaseReviewOutcome.Returned));
    }

    private async Task<MutationPayload<WonCase>> SubmitAsync(IResolveFieldContext ctx, InputFields input)
    {
        var opportunityId = input.Id("opportunityId", "Opportunity");
        var content = WonCaseContentReader.Read(input, previous: null);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        await using var db = ctx.Database();
        var result = await library.SubmitAsync(db, ctx.Actor(), opportunityId!.Value, content!, ctx.CancellationToken);
        return result.Error is { } error ? MutationPayload.Failure(error) : MutationPayload.Success(result.Case!);
    }

    private async Task<MutationPayload<WonCase>> ResubmitAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "WonCase");
        var wonCase = id is null ? null : await WonCaseVisibility.Visible(db, ctx.Actor()).FirstOrDefaultAsync(c => c.Id == id, ctx.CancellationToken);
        if (wonCase is null)
        {
            return input.NotFoundPayload("id");
        }

        var content = WonCaseContentReader.Read(input, wonCase.Content);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var result = await library.ResubmitAsync(db, ctx.Actor(), wonCase, content!, ctx.CancellationToken);
        return result.Error is { } error ? MutationPayload.Failure(error) : MutationPayload.Success(result.Case!);
    }

    private async Task<MutationPayload<WonCase>> ReviewAsync(IResolveFieldContext ctx, InputFields input, CaseReviewOutcome outcome)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "WonCase");
        var wonCase = id is null ? null : await WonCaseVisibility.Visible(db, ctx.Actor()).FirstOrDefaultAsync(c => c.Id == id, ctx.CancellationToken);
        if (wonCase is null)
        {
            return input.NotFoundPayload("id");
        }

        var comment = outcome == CaseReviewOutcome.Returned
            ? input.RequiredText("comment", WonCaseRules.CommentMaxLength)
            : input.OptionalText("comment", WonCaseRules.CommentMaxLength);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var result = await library.ReviewAsync(db, ctx.Actor(), wonCase, outcome, comment, ctx.CancellationToken);
        return result.Error is { } error ? MutationPayload.Failure(error) : MutationPayload.Success(result.Case!);
    }
}
