using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>The content fields a submission and a resubmission share: one shape, one reader (<see cref="WonCaseContentReader"/>).</summary>
internal static class WonCaseContentFields
{
    public static void AddTo(InputObjectGraphType input, bool required)
    {
        Type Text() => required ? typeof(NonNullGraphType<StringGraphType>) : typeof(StringGraphType);
        input.Field("title", Text()).Description($"At most {WonCaseRules.TitleMaxLength} characters.");
        input.Field("industry", Text()).Description($"At most {WonCaseRules.IndustryMaxLength} characters, e.g. 制造业.");
        input.Field<StringGraphType>("subSegment").Description("e.g. 汽车零部件.");
        input.Field("customerBackground", Text()).Description($"At most {WonCaseRules.TextMaxLength} characters.");
        input.Field("turningPoints", Text()).Description($"At most {WonCaseRules.TextMaxLength} characters.");
        input.Field("contractTerms", Text()).Description($"At most {WonCaseRules.TextMaxLength} characters.");
        input.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("talkTracks").Description($"At most {WonCaseRules.MaxTalkTracks}, each at most {WonCaseRules.TalkTrackMaxLength} characters.");
        input.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("riskTags").Description($"At most {WonCaseRules.MaxTags}, each at most {WonCaseRules.TagMaxLength} characters.");
        input.Field<ListGraphType<NonNullGraphType<IdGraphType>>>("recordingDocumentIds").Description($"Audio documents of the opportunity; at most {WonCaseRules.MaxRecordings}.");
    }
}

/// <summary>Reads a case's content from a submission or a resubmission; a resubmission keeps what it does not give.</summary>
internal static class WonCaseContentReader
{
    public static WonCaseContent? Read(InputFields input, WonCaseContent? previous)
    {
        string? Text(string name, int maxLength, string? kept) =>
            previous is null || input.Get<string>(name) is not null ? input.RequiredText(name, maxLength) : kept;

        var title = Text("title", WonCaseRules.TitleMaxLength, previous?.Title);
        var industry = Text("industry", WonCaseRules.IndustryMaxLength, previous?.Industry);
        var subSegment = input.Has("subSegment") || previous is null ? input.OptionalText("subSegment", WonCaseRules.IndustryMaxLength) : previous.SubSegment;
        var background = Text("customerBackground", WonCaseRules.TextMaxLength, previous?.CustomerBackground);
        var turningPoints = Text("turningPoints", WonCaseRules.TextMaxLength, previous?.TurningPoints);
        var contractTerms = Text("contractTerms", WonCaseRules.TextMaxLength, previous?.ContractTerms);
        var talkTracks = Texts(input, "talkTracks", WonCaseRules.MaxTalkTracks, WonCaseRules.TalkTrackMaxLength) ?? previous?.TalkTracks ?? [];
        var riskTags = Texts(input, "riskTags", WonCaseRules.MaxTags, WonCaseRules.TagMaxLength) ?? previous?.RiskTags ?? [];
        var recordings = previous?.RecordingDocumentIds ?? [];
        if (input.List<string>("recordingDocumentIds") is { } ids)
        {
            if (ids.Count > WonCaseRules.MaxRecordings)
            {
                input.Invalid("recordingDocumentIds", $"At most {WonCaseRules.MaxRecordings} recordings.");
            }

            var keys = ids.Select(id => GlobalId.TryDecode(id, "Document")).ToList();
            if (keys.Any(k => k is null))
            {
                input.Errors.Add(new Infrastructure.Errors.NotFoundError(input.PathOf("recordingDocumentIds"), ids[keys.FindIndex(k => k is null)]));
            }

            recordings = keys.OfType<long>().Distinct().ToList();
        }

        return input.IsValid
            ? new WonCaseContent(title!, industry!, subSegment, background!, turningPoints!, contractTerms!, talkTracks, riskTags, recordings)
            : null;
    }

    private static List<string>? Texts(InputFields input, string name, int maxCount, int maxLength)
    {
        if (input.List<string>(name) is not { } items)
        {
            return null;
        }

        var texts = items.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToList();
        if (texts.Count > maxCount || texts.Any(t => t.Length > maxLength))
        {
            input.Invalid(name, $"At most {maxCount} items, each at most {maxLength} characters.");
        }

        return texts;
    }
}

public sealed class SubmitWonCaseInputType : InputObjectGraphType
{
    public SubmitWonCaseInputType()
    {
        Name = "SubmitWonCaseInput";
        Field<NonNullGraphType<IdGraphType>>("opportunityId").Description("The won opportunity the case came from; one case per opportunity.");
        WonCaseContentFields.AddTo(this, required: true);
    }
}

public sealed class ResubmitWonCaseInputType : InputObjectGraphType
{
    public ResubmitWonCaseInputType()
    {
        Name = "ResubmitWonCaseInput";
        Description = "The next version of a returned case; fields left out keep the previous version's content.";
        Field<NonNullGraphType<IdGraphType>>("id");
        WonCaseContentFields.AddTo(this, required: false);
    }
}

public sealed class ReviewWonCaseInputType : InputObjectGraphType
{
    public ReviewWonCaseInputType()
    {
        Name = "ReviewWonCaseInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("comment").Description($"Required to return a case; at most {WonCaseRules.CommentMaxLength} characters.");
    }
}

public sealed class SubmitWonCaseErrorType() : MutationErrorUnion("submitWonCase", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(DuplicateErrorType));

public sealed class ResubmitWonCaseErrorType() : MutationErrorUnion("resubmitWonCase", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(NotTheCaseAuthorErrorType));

public sealed class ApproveWonCaseErrorType() : MutationErrorUnion("approveWonCase", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(SelfReviewErrorType), typeof(CaseAlreadyReviewedErrorType));

public sealed class ReturnWonCaseErrorType() : MutationErrorUnion("returnWonCase", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType), typeof(SelfReviewErrorType), typeof(CaseAlreadyReviewedErrorType));

public sealed class SubmitWonCasePayloadType() : PayloadType<WonCaseType, WonCase, SubmitWonCaseErrorType>("submitWonCase", "wonCase");

public sealed class ResubmitWonCasePayloadType() : PayloadType<WonCaseType, WonCase, ResubmitWonCaseErrorType>("resubmitWonCase", "wonCase");

public sealed class ApproveWonCasePayloadType() : PayloadType<WonCaseType, WonCase, ApproveWonCaseErrorType>("approveWonCase", "wonCase");

public sealed class ReturnWonCasePayloadType() : PayloadType<WonCaseType, WonCase, ReturnWonCaseErrorType>("returnWonCase", "wonCase");
