using GraphQL.DataLoader;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Activities;

public sealed class ActivityKindType : EnumerationGraphType<ActivityKind>
{
    public ActivityKindType()
    {
        Name = "ActivityKind";
        Description = "How the customer was followed up.";
    }
}

public sealed class ActivityOutcomeType : EnumerationGraphType<ActivityOutcome>
{
    public ActivityOutcomeType()
    {
        Name = "ActivityOutcome";
        Description = "How a follow-up went.";
    }
}

public sealed class SummaryLanguageType : EnumerationGraphType<SummaryLanguage>
{
    public SummaryLanguageType()
    {
        Name = "SummaryLanguage";
        Description = "The language generated follow-up summaries are written in.";
    }
}

public sealed class FollowUpStepStatusType : EnumerationGraphType<FollowUpStepStatus>
{
    public FollowUpStepStatusType()
    {
        Name = "FollowUpStepStatus";
        Description = "COMPLETED steps are done, the CURRENT step is the one to do now, PENDING steps come after it.";
    }
}

public sealed class ActivityTagType : NodeType<ActivityTag>
{
    public ActivityTagType() : base("ActivityTag", "A preset tag of the tenant's catalog; every follow-up carries at least one.")
    {
        Field(t => t.Code).Description("Unique and unchanging: follow-ups and steps name the tag by it.");
        Field(t => t.NameZh).Description("The Chinese name, e.g. 价格疑虑.");
        Field(t => t.NameEn).Description("The English name, e.g. price concern.");
        Field<NonNullGraphType<BooleanGraphType>>("retired")
            .Description("A retired tag stays on past follow-ups but cannot be put on new ones.")
            .Resolve(ctx => ctx.Source.RetiredAt is not null);
        Field(t => t.RetiredAt, type: typeof(UtcDateTimeGraphType));
    }
}

/// <summary>Anything a follow-up can be about.</summary>
public sealed class ActivitySubjectType : UnionGraphType
{
    public ActivitySubjectType()
    {
        Name = "ActivitySubject";
        Description = "What a follow-up is about: a lead, an account or an opportunity.";
        Type<LeadType>();
        Type<AccountType>();
        Type<OpportunityType>();
    }
}

public sealed class ActivityType : NodeType<Activity>
{
    public ActivityType() : base("Activity", "One follow-up with a customer: a call, visit, video demo, email, meeting or document view, tagged from the catalog.")
    {
        Field(a => a.Kind, type: typeof(NonNullGraphType<ActivityKindType>));
        Field<NonNullGraphType<IdGraphType>>("subjectId")
            .Description("Id of `subject`, given even when the caller cannot see it.")
            .Resolve(ctx => GlobalId.Encode(ctx.Source.SubjectKind.ToString(), ctx.Source.SubjectId));
        Field<ActivitySubjectType>("subject")
            .Description("The lead, account or opportunity followed up; null when the caller cannot see it.")
            .Resolve(ctx => ActivitySubjectLoading.Load(ctx.RequestServices!, ctx.Source.SubjectKind, ctx.Source.SubjectId));
        Field<NonNullGraphType<MemberType>>("member")
            .Description("Who followed up.")
            .Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field<TeamType>("team")
            .Description("The member's team when the follow-up was logged: the board it appears on.")
            .Resolve(ctx => ctx.Source.TeamId is { } id ? ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(id) : null);
        Field(a => a.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(a => a.DurationMinutes, nullable: true);
        Field(a => a.Outcome, type: typeof(ActivityOutcomeType));
        Field(a => a.Notes, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tagCodes").Resolve(ctx => ctx.Source.TagCodes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityTagType>>>>("tags")
            .Description("The catalog tags, as they are named now.")
            .Resolve(ctx => ActivityTagLoading.Load(ctx.RequestServices!, ctx.Source.TenantId, ctx.Source.TagCodes));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("concerns")
            .Description("What the customer worried about.")
            .Resolve(ctx => ctx.Source.Concerns);
        Field(a => a.NextStep, nullable: true);
        Field(a => a.NextStepDueOn, type: typeof(DateOnlyGraphType));
        Field(a => a.Summary).Description("Generated when the follow-up was logged, in the tenant's summary language.");
        Field(a => a.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class FollowUpStepType : ObjectGraphType<FollowUpStep>
{
    public FollowUpStepType()
    {
        Name = "FollowUpStep";
        Description = "A step of the tenant's follow-up sequence, completed by the first follow-up carrying one of its tags.";
        Field(s => s.Code);
        Field(s => s.NameZh);
        Field(s => s.NameEn);
        Field(s => s.AllowedDays).Description("Calendar days from the step's start (the previous step's completion) until it is overdue.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tagCodes").Resolve(ctx => ctx.Source.TagCodes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityTagType>>>>("tags")
            .Description("The tags that complete the step.")
            .Resolve(ctx => ActivityTagLoading.Load(ctx.RequestServices!, ctx.RequestServices!.GetRequiredService<HeadlessSales.Api.Infrastructure.Tenancy.CurrentActor>().TenantId, ctx.Source.TagCodes));
    }
}

public sealed class FollowUpSettingsType : ObjectGraphType<FollowUpSettings>
{
    public FollowUpSettingsType()
    {
        Name = "FollowUpSettings";
        Description = "The tenant's follow-up sequence and summary language.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FollowUpStepType>>>>("steps").Resolve(ctx => ctx.Source.Steps);
        Field(s => s.SummaryLanguage, type: typeof(NonNullGraphType<SummaryLanguageType>));
        Field(s => s.UpdatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class FollowUpStepProgressType : ObjectGraphType<FollowUpStepProgress>
{
    public FollowUpStepProgressType()
    {
        Name = "FollowUpStepProgress";
        Description = "One step as it stands for one lead or opportunity.";
        Field<NonNullGraphType<FollowUpStepType>>("step").Resolve(ctx => ctx.Source.Step);
        Field(s => s.Position).Description("1 for the first step.");
        Field(s => s.Status, type: typeof(NonNullGraphType<FollowUpStepStatusType>));
        Field(s => s.StartedAt, type: typeof(UtcDateTimeGraphType)).Description("When the step became current; null while pending.");
        Field(s => s.DueAt, type: typeof(UtcDateTimeGraphType));
        Field(s => s.CompletedAt, type: typeof(UtcDateTimeGraphType));
        Field(s => s.OverdueSince, type: typeof(UtcDateTimeGraphType)).Description("Set when the step is current and its due time has passed.");
    }
}

public sealed class FollowUpProgressType : ObjectGraphType<FollowUpProgress>
{
    public FollowUpProgressType()
    {
        Name = "FollowUpProgress";
        Description = "Where a lead or opportunity stands in the follow-up sequence, computed from its tagged follow-ups.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FollowUpStepProgressType>>>>("steps").Resolve(ctx => ctx.Source.Steps);
        Field<NonNullGraphType<IntGraphType>>("completedStepCount").Resolve(ctx => ctx.Source.CompletedStepCount);
        Field<FollowUpStepProgressType>("currentStep").Description("Null when every step is done.").Resolve(ctx => ctx.Source.Current);
        Field<NonNullGraphType<BooleanGraphType>>("completed").Resolve(ctx => ctx.Source.IsCompleted);
        Field<NonNullGraphType<BooleanGraphType>>("overdue").Resolve(ctx => ctx.Source.OverdueSince is not null);
        Field<UtcDateTimeGraphType>("overdueSince").Description("When the current step fell due, if it has.").Resolve(ctx => ctx.Source.OverdueSince);
        Field<UtcDateTimeGraphType>("lastFollowUpAt").Resolve(ctx => ctx.Source.LastFollowUpAt);
    }
}

public sealed class UntaggedFollowUpErrorType : UserErrorType<UntaggedFollowUpError>
{
    public UntaggedFollowUpErrorType() : base("UntaggedFollowUpError", "A follow-up must carry at least one tag of the catalog.")
    {
        Field(e => e.Field);
    }
}

public sealed record UntaggedFollowUpError(string Field)
    : UserError("A follow-up needs at least one tag from the catalog (see `activityTags`).", "UNTAGGED_FOLLOW_UP");

/// <summary>Loads what a follow-up points at, each kind through its own ById loader so siblings batch.</summary>
internal static class ActivitySubjectLoading
{
    public static IDataLoaderResult? Load(IServiceProvider services, ActivitySubjectKind kind, long id) => kind switch
    {
        ActivitySubjectKind.Lead => services.DataLoader<LeadByIdDataLoader>().LoadAsync(id),
        ActivitySubjectKind.Account => services.DataLoader<AccountByIdDataLoader>().LoadAsync(id),
        ActivitySubjectKind.Opportunity => services.DataLoader<OpportunityByIdDataLoader>().LoadAsync(id),
        _ => null,
    };
}

internal static class ActivityTagLoading
{
    public static DeferredResult<List<ActivityTag>> Load(IServiceProvider services, long tenantId, IReadOnlyList<string> codes)
    {
        var catalog = services.DataLoader<ActivityTagCatalogByTenantDataLoader>().LoadAsync(tenantId);
        return new DeferredResult<List<ActivityTag>>(async cancellationToken =>
        {
            var tags = await catalog.GetResultAsync(cancellationToken);
            return tags is null ? [] : codes.Select(code => tags.GetValueOrDefault(code)).OfType<ActivityTag>().ToList();
        });
    }
}

public sealed class OverdueFollowUpType : ObjectGraphType<OverdueFollowUp>
{
    public OverdueFollowUpType()
    {
        Name = "OverdueFollowUp";
        Description = "A lead or opportunity whose current follow-up step is past due.";
        Field<NonNullGraphType<IdGraphType>>("subjectId").Resolve(ctx => GlobalId.Encode(ctx.Source.State.SubjectKind.ToString(), ctx.Source.State.SubjectId));
        Field<ActivitySubjectType>("subject")
            .Description("The lead or opportunity; null when the caller cannot see it.")
            .Resolve(ctx => ActivitySubjectLoading.Load(ctx.RequestServices!, ctx.Source.State.SubjectKind, ctx.Source.State.SubjectId));
        Field<MemberType>("owner")
            .Resolve(ctx => ctx.Source.State.OwnerId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<NonNullGraphType<FollowUpStepProgressType>>("step").Description("The overdue step.").Resolve(ctx => ctx.Source.Progress.Current);
        Field<NonNullGraphType<UtcDateTimeGraphType>>("overdueSince").Resolve(ctx => ctx.Source.Progress.OverdueSince);
        Field<NonNullGraphType<FollowUpProgressType>>("progress").Resolve(ctx => ctx.Source.Progress);
    }
}

public sealed class ManagerBoardType : ObjectGraphType<ManagerBoard>
{
    private static readonly SortOrder<FollowUpState> MostOverdueFirst = SortOrder<FollowUpState>.By("dueAt", s => s.CurrentStepDueAt!.Value);

    public ManagerBoardType()
    {
        Name = "ManagerBoard";
        Description = "A team's recent follow-ups and overdue follow-up steps.";
        Field<NonNullGraphType<TeamType>>("team").Resolve(ctx => ctx.Source.Team);
        Field<NonNullGraphType<ConnectionType<ActivityType>>>("recentFollowUps")
            .Description("Follow-ups made by the team's members, newest first.")
            .ActivityListArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                // The caller may open this board, which shows every follow-up of the team.
                var team = ctx.Source.Team;
                return await ActivityLists.ConnectionAsync(ctx, db.Activities.IgnoreQueryFilters().AsNoTracking().Where(a => a.TenantId == team.TenantId && a.TeamId == team.Id));
            });
        Field<NonNullGraphType<ConnectionType<OverdueFollowUpType>>>("overdueFollowUps")
            .Description("Open leads and opportunities owned in the team whose current step is past due, longest overdue first; disqualified and converted leads are left out.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var (team, now) = (ctx.Source.Team, ctx.Source.Now);
                // A disqualified lead needs no more follow-up, and a converted one goes on as its opportunity.
                var overdue = db.FollowUpStates.AsNoTracking()
                    .Where(s => s.TenantId == team.TenantId && s.TeamId == team.Id && s.CurrentStepDueAt != null && s.CurrentStepDueAt < now)
                    .Where(s => s.SubjectKind != ActivitySubjectKind.Lead || db.Set<Lead>().IgnoreQueryFilters().Any(l => l.Id == s.SubjectId
                        && l.Status != LeadStatus.Disqualified && l.Status != LeadStatus.Converted));
                var connection = await overdue.ToConnectionAsync(MostOverdueFirst, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                var steps = (await FollowUpSettingsStore.GetAsync(db, ctx.CancellationToken)).Steps;
                return new Connection<object>
                {
                    Edges = connection.Edges.Select(edge => new Edge<object>(edge.Cursor,
                        new OverdueFollowUp(edge.Node, FollowUpRules.Progress(steps, edge.Node.SubjectStartedAt, edge.Node.CompletedAt, edge.Node.LastFollowUpAt, now)))).ToList(),
                    PageInfo = connection.PageInfo,
                    TotalCount = connection.TotalCount,
                };
            });
    }
}

public sealed class FollowUpLoggedEventType : ObjectGraphType<FollowUpLogged>
{
    public FollowUpLoggedEventType()
    {
        Name = "FollowUpLoggedEvent";
        Description = "A follow-up appeared on a team's board.";
        Field<NonNullGraphType<IdGraphType>>("activityId").Resolve(ctx => GlobalId.Encode("Activity", ctx.Source.ActivityId));
        Field<ActivityType>("activity")
            .Description("The follow-up with its summary, loaded with the subscriber's permissions when the event is delivered.")
            .Resolve(ctx => ctx.DataLoader<ActivityByIdDataLoader>().LoadAsync(ctx.Source.ActivityId));
        Field<NonNullGraphType<IdGraphType>>("memberId").Resolve(ctx => GlobalId.Encode("Member", ctx.Source.MemberId));
        Field(e => e.OccurredAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>)).Description("When it was logged.");
    }
}
