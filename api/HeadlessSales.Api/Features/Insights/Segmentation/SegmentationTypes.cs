using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Enablement;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Insights.Segmentation;

public sealed class SegmentEvidenceSourceType : EnumerationGraphType<SegmentEvidenceSource>
{
    public SegmentEvidenceSourceType()
    {
        Name = "SegmentEvidenceSource";
        Description = "Where a keyword was found, and how much a find there weighs: ACCOUNT_NAME ×3, PRODUCT_INTEREST and DOCUMENT_NAME ×2, FOLLOW_UP ×1.";
    }
}

public sealed class SegmentDetectionStatusType : EnumerationGraphType<SegmentDetectionStatus>
{
    public SegmentDetectionStatusType()
    {
        Name = "SegmentDetectionStatus";
        Description = "CONFIRMED: the account's sub-segment is the detected one; MISSING / CONTRADICTS: the detected one is suggested; UNDETERMINED: no evidence, or a tie.";
    }
}

public sealed class SegmentEvidenceType : ObjectGraphType<SegmentEvidence>
{
    public SegmentEvidenceType()
    {
        Name = "SegmentEvidence";
        Description = "One keyword of the lexicon found in one record of the account.";
        Field<NonNullGraphType<SegmentEvidenceSourceType>>("source").Resolve(ctx => ctx.Source.Source);
        Field<NonNullGraphType<IdGraphType>>("recordId").Description("The global id of the account, lead, document or follow-up it was read in.").Resolve(ctx => GlobalId.Encode(ctx.Source.RecordType, ctx.Source.RecordId));
        Field(e => e.SubSegment).Description("The sub-segment the keyword speaks for.");
        Field(e => e.Keyword);
        Field(e => e.Points).Description("The keyword's weight × the source's weight: what this find adds to the sub-segment's score.");
        Field(e => e.Excerpt).Description("The text around the find.");
    }
}

public sealed class SegmentScoreType : ObjectGraphType<SegmentScore>
{
    public SegmentScoreType()
    {
        Name = "SegmentScore";
        Field(s => s.SubSegment);
        Field<NonNullGraphType<IndustryType>>("industry").Resolve(ctx => ctx.Source.Industry);
        Field(s => s.Points).Description("The sum of the points of its evidence.");
    }
}

public sealed class SegmentDetectionType : ObjectGraphType<SegmentDetection>
{
    public SegmentDetectionType()
    {
        Name = "SegmentDetection";
        Description = "The sub-segment an account's records speak for, with the evidence, compared with the one it carries.";
        Field<NonNullGraphType<AccountType>>("account").Resolve(ctx => ctx.DataLoader<AccountByIdDataLoader>().LoadAsync(ctx.Source.AccountId));
        Field<NonNullGraphType<SegmentDetectionStatusType>>("status").Resolve(ctx => ctx.Source.Status);
        Field(d => d.CurrentSubSegment, nullable: true).Description("The account's sub-segment now.");
        Field<SegmentScoreType>("detected").Description("The best-scoring sub-segment when no other ties it.").Resolve(ctx => ctx.Source.Detected);
        Field<SegmentScoreType>("suggestion").Description("The detected sub-segment when the account lacks it or carries another (MISSING, CONTRADICTS).")
            .Resolve(ctx => ctx.Source.IsSuggestion ? ctx.Source.Detected : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentScoreType>>>>("scores").Description("Every sub-segment with evidence, highest first.").Resolve(ctx => ctx.Source.Scores);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentEvidenceType>>>>("evidence").Description("Every find, heaviest first.").Resolve(ctx => ctx.Source.Evidence);
    }
}

public sealed record SegmentKeywordWeight(string Keyword, int Weight);

public sealed class SegmentKeywordWeightType : ObjectGraphType<SegmentKeywordWeight>
{
    public SegmentKeywordWeightType()
    {
        Name = "SegmentKeywordWeight";
        Field(k => k.Keyword);
        Field(k => k.Weight).Description("1 to 5.");
    }
}

public sealed class SegmentLexiconEntryType : ObjectGraphType<SegmentEntry>
{
    public SegmentLexiconEntryType()
    {
        Name = "SegmentLexiconEntry";
        Field(e => e.SubSegment);
        Field<NonNullGraphType<IndustryType>>("industry").Resolve(ctx => ctx.Source.Industry);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentKeywordWeightType>>>>("keywords")
            .Resolve(ctx => ctx.Source.Keywords.Select(k => new SegmentKeywordWeight(k.Keyword, k.Weight)).ToList());
    }
}

/// <summary>The tenant's lexicon as a whole, for the query and the mutation's payload.</summary>
public sealed record SegmentLexiconView(IReadOnlyList<SegmentEntry> Entries, bool IsDefault);

public sealed class SegmentLexiconType : ObjectGraphType<SegmentLexiconView>
{
    public SegmentLexiconType()
    {
        Name = "SegmentLexicon";
        Description = "The keywords that detect each sub-segment. Configurable per tenant with `updateSegmentLexicon`.";
        Field(l => l.IsDefault).Description("True while the tenant uses the built-in defaults.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentLexiconEntryType>>>>("entries").Resolve(ctx => ctx.Source.Entries);
    }
}

public sealed class SegmentPlaybookType : ObjectGraphType<SegmentPlaybookPush>
{
    public SegmentPlaybookType()
    {
        Name = "SegmentPlaybook";
        Description = "A sub-segment's approved won cases and their talk tracks, pushed to an account's owner when its suggested sub-segment was accepted.";
        Field<AccountType>("account").Resolve(ctx => ctx.DataLoader<AccountByIdDataLoader>().LoadAsync(ctx.Source.AccountId));
        Field<MemberType>("owner").Description("Whom it was pushed to: the account's owner then.")
            .Resolve(ctx => ctx.Source.OwnerId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(p => p.SubSegment);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WonCaseType>>>>("cases")
            .Description("The sub-segment's approved cases, newest first, as the caller may see them.")
            .Resolve(ctx => LoadedLists.Of(ctx.Source.CaseIds, ctx.DataLoader<WonCaseByIdDataLoader>().LoadAsync));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("talkTracks").Description("The cases' talk tracks when pushed.").Resolve(ctx => ctx.Source.TalkTracks);
        Field(p => p.PushedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class SegmentKeywordInputType : InputObjectGraphType
{
    public SegmentKeywordInputType()
    {
        Name = "SegmentKeywordInput";
        Field<NonNullGraphType<StringGraphType>>("keyword").Description($"At most {SegmentLexicon.KeywordMaxLength} characters; matched case-insensitively inside a text.");
        Field<IntGraphType>("weight").Description($"1 to {SegmentLexicon.MaxWeight}; 1 when left out.");
    }
}

public sealed class UpdateSegmentLexiconInputType : InputObjectGraphType
{
    public UpdateSegmentLexiconInputType()
    {
        Name = "UpdateSegmentLexiconInput";
        Description = "Replaces one sub-segment's keywords; an empty list removes the sub-segment.";
        Field<NonNullGraphType<StringGraphType>>("subSegment");
        Field<NonNullGraphType<IndustryType>>("industry");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SegmentKeywordInputType>>>>("keywords");
    }
}

public sealed class AcceptSegmentSuggestionInputType : InputObjectGraphType
{
    public AcceptSegmentSuggestionInputType()
    {
        Name = "AcceptSegmentSuggestionInput";
        Field<NonNullGraphType<IdGraphType>>("accountId");
    }
}

public sealed class AcceptSegmentSuggestionErrorType() : MutationErrorUnion("acceptSegmentSuggestion", typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class AcceptSegmentSuggestionPayloadType() : PayloadType<SegmentPlaybookType, SegmentPlaybookPush, AcceptSegmentSuggestionErrorType>("acceptSegmentSuggestion", "playbook");

public sealed class UpdateSegmentLexiconErrorType() : MutationErrorUnion("updateSegmentLexicon", typeof(ValidationErrorType));

public sealed class UpdateSegmentLexiconPayloadType() : PayloadType<SegmentLexiconType, SegmentLexiconView, UpdateSegmentLexiconErrorType>("updateSegmentLexicon", "lexicon");
