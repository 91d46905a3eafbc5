using GraphQL.Types;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.GraphQL.Scalars;

namespace HeadlessSales.Api.Features.Activities;

public sealed class LogActivityInputType : InputObjectGraphType
{
    public LogActivityInputType()
    {
        Name = "LogActivityInput";
        Field<NonNullGraphType<IdGraphType>>("subjectId").Description("The lead, account or opportunity followed up.");
        Field<NonNullGraphType<ActivityKindType>>("kind");
        Field<NonNullGraphType<UtcDateTimeGraphType>>("occurredAt").Description("When it happened; not in the future.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tagCodes")
            .Description($"Codes of catalog tags (`activityTags`); at least one, at most {ActivityRules.MaxTags}.");
        Field<IntGraphType>("durationMinutes").Description($"0 to {ActivityRules.MaxDurationMinutes}.");
        Field<ActivityOutcomeType>("outcome");
        Field<StringGraphType>("notes").Description($"At most {ActivityRules.NotesMaxLength} characters.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("concerns")
            .Description($"What the customer worried about; at most {ActivityRules.MaxConcerns}, each at most {ActivityRules.ConcernMaxLength} characters.");
        Field<StringGraphType>("nextStep").Description($"At most {ActivityRules.NextStepMaxLength} characters.");
        Field<DateOnlyGraphType>("nextStepDueOn").Description("Needs `nextStep`; not before the follow-up.");
        Field<IdGraphType>("memberId").Description("Who followed up: the calling member when left out; an integration must name one.");
    }
}

public sealed class CreateActivityTagInputType : InputObjectGraphType
{
    public CreateActivityTagInputType()
    {
        Name = "CreateActivityTagInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Upper-case letters, digits and underscores, e.g. DELIVERY_CONCERN; unique and never changed.");
        Field<NonNullGraphType<StringGraphType>>("nameZh");
        Field<NonNullGraphType<StringGraphType>>("nameEn");
    }
}

public sealed class RenameActivityTagInputType : InputObjectGraphType
{
    public RenameActivityTagInputType()
    {
        Name = "RenameActivityTagInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("nameZh").Description("Left unchanged when absent.");
        Field<StringGraphType>("nameEn").Description("Left unchanged when absent.");
    }
}

public sealed class RetireActivityTagInputType : InputObjectGraphType
{
    public RetireActivityTagInputType()
    {
        Name = "RetireActivityTagInput";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}

public sealed class FollowUpStepInputType : InputObjectGraphType
{
    public FollowUpStepInputType()
    {
        Name = "FollowUpStepInput";
        Field<NonNullGraphType<StringGraphType>>("code");
        Field<NonNullGraphType<StringGraphType>>("nameZh");
        Field<NonNullGraphType<StringGraphType>>("nameEn");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tagCodes").Description("Catalog tags any of which completes the step; at least one.");
        Field<NonNullGraphType<IntGraphType>>("allowedDays").Description("1 to 365 calendar days from the step's start.");
    }
}

public sealed class UpdateFollowUpSettingsInputType : InputObjectGraphType
{
    public UpdateFollowUpSettingsInputType()
    {
        Name = "UpdateFollowUpSettingsInput";
        Field<ListGraphType<NonNullGraphType<FollowUpStepInputType>>>("steps").Description("The whole new sequence, in order; left unchanged when absent.");
        Field<SummaryLanguageType>("summaryLanguage");
    }
}

public sealed class LogActivityErrorType() : MutationErrorUnion("logActivity",
    typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(UntaggedFollowUpErrorType), typeof(UnknownCodeErrorType));

public sealed class CreateActivityTagErrorType() : MutationErrorUnion("createActivityTag", typeof(ValidationErrorType), typeof(DuplicateErrorType));

public sealed class RenameActivityTagErrorType() : MutationErrorUnion("renameActivityTag", typeof(ValidationErrorType), typeof(NotFoundErrorType));

public sealed class RetireActivityTagErrorType() : MutationErrorUnion("retireActivityTag", typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class UpdateFollowUpSettingsErrorType() : MutationErrorUnion("updateFollowUpSettings", typeof(ValidationErrorType), typeof(UnknownCodeErrorType));

public sealed class LogActivityPayloadType() : PayloadType<ActivityType, Activity, LogActivityErrorType>("logActivity", "activity");

public sealed class CreateActivityTagPayloadType() : PayloadType<ActivityTagType, ActivityTag, CreateActivityTagErrorType>("createActivityTag", "tag");

public sealed class RenameActivityTagPayloadType() : PayloadType<ActivityTagType, ActivityTag, RenameActivityTagErrorType>("renameActivityTag", "tag");

public sealed class RetireActivityTagPayloadType() : PayloadType<ActivityTagType, ActivityTag, RetireActivityTagErrorType>("retireActivityTag", "tag");

public sealed class UpdateFollowUpSettingsPayloadType() : PayloadType<FollowUpSettingsType, FollowUpSettings, UpdateFollowUpSettingsErrorType>("updateFollowUpSettings", "settings");
