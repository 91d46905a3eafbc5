using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;

namespace HeadlessSales.Api.Features.Enablement;

public sealed class WonCaseStatusType : EnumerationGraphType<WonCaseStatus>
{
    public WonCaseStatusType() => Name = "WonCaseStatus";
}

public sealed class CaseReviewOutcomeType : EnumerationGraphType<CaseReviewOutcome>
{
    public CaseReviewOutcomeType() => Name = "CaseReviewOutcome";
}

public sealed class WonCaseType : NodeType<WonCase>
{
    public WonCaseType() : base("WonCase", "A won deal written up as a lesson by its author, reviewed by the quality team; approved cases are the coach's library.")
    {
        Field(c => c.Title);
        Field(c => c.Industry);
        Field(c => c.SubSegment, nullable: true);
        Field(c => c.CustomerBackground);
        Field(c => c.TurningPoints).Description("The moments that turned the deal.");
        Field(c => c.ContractTerms).Description("The contract terms that closed it.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("talkTracks").Resolve(ctx => ctx.Source.TalkTracks);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("riskTags")
            .Description("The risks the deal overcame (价格疑虑, 竞品对比); the coach's risk hints come from them.")
            .Resolve(ctx => ctx.Source.RiskTags);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("recordingDocumentIds")
            .Description("Call-recording excerpts: audio documents of the opportunity (read through node(id:) by those who see it).")
            .Resolve(ctx => ctx.Source.RecordingDocumentIds.Select(id => GlobalId.Encode("Document", id)).ToList());
        Field<NonNullGraphType<IdGraphType>>("opportunityId").Description("The opportunity the case came from; its stage history and follow-ups stay there.")
            .Resolve(ctx => GlobalId.Encode("Opportunity", ctx.Source.OpportunityId));
        Field<OpportunityType>("opportunity").Description("Null when the caller cannot see it (an approved case is read tenant-wide; its deal is not).")
            .Resolve(ctx => ctx.DataLoader<OpportunityByIdDataLoader>().LoadAsync(ctx.Source.OpportunityId));
        Field<MemberType>("author").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.AuthorId));
        Field(c => c.Status, type: typeof(NonNullGraphType<WonCaseStatusType>));
        Field(c => c.Version).Description("1 for the first submission; each resubmission after a return adds one.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WonCaseVersionType>>>>("versions")
            .Description("Every submitted version with its review, oldest first.")
            .Resolve(ctx => new DeferredResult<List<WonCaseVersion>>(async cancellationToken =>
                await ctx.DataLoader<WonCaseVersionsByCaseIdDataLoader>().LoadAsync(ctx.Source.Id).GetResultAsync(cancellationToken) ?? []));
        Field(c => c.SubmittedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(c => c.ApprovedAt, type: typeof(UtcDateTimeGraphType));
    }
}

public sealed class WonCaseVersionType : ObjectGraphType<WonCaseVersion>
{
    public WonCaseVersionType()
    {
        Name = "WonCaseVersion";
        Description = "One submitted version of a case, as it was reviewed.";
        Field(v => v.Version);
        Field(v => v.Title);
        Field(v => v.Industry);
        Field(v => v.SubSegment, nullable: true);
        Field(v => v.CustomerBackground);
        Field(v => v.TurningPoints);
        Field(v => v.ContractTerms);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("talkTracks").Resolve(ctx => ctx.Source.TalkTracks);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("riskTags").Resolve(ctx => ctx.Source.RiskTags);
        Field(v => v.SubmittedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(v => v.Outcome, type: typeof(CaseReviewOutcomeType)).Description("Null while it awaits review.");
        Field<MemberType>("reviewer").Resolve(ctx => ctx.Source.ReviewerId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(v => v.ReviewComment, nullable: true);
        Field(v => v.ReviewedAt, type: typeof(UtcDateTimeGraphType));
    }
}

public sealed class NotTheCaseAuthorErrorType : UserErrorType<NotTheCaseAuthorError>
{
    public NotTheCaseAuthorErrorType() : base("NotTheCaseAuthorError", "Only the case's author resubmits it.")
    {
    }
}

public sealed class SelfReviewErrorType : UserErrorType<SelfReviewError>
{
    public SelfReviewErrorType() : base("SelfReviewError", "Nobody reviews their own case.")
    {
    }
}

public sealed class CaseAlreadyReviewedErrorType : UserErrorType<CaseAlreadyReviewedError>
{
    public CaseAlreadyReviewedErrorType() : base("CaseAlreadyReviewedError", "Only a submitted case is reviewed.")
    {
        Field(e => e.Status, type: typeof(NonNullGraphType<WonCaseStatusType>));
    }
}
