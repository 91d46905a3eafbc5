using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using HeadlessSales.Api.Features.Customers;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Pipeline;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Activities;

public sealed class ActivityFilterType : InputObjectGraphType
{
    public ActivityFilterType()
    {
        Name = "ActivityFilter";
        Description = "All given conditions must hold.";
        Field<ListGraphType<NonNullGraphType<ActivityKindType>>>("kinds");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tagCodes").Description("Follow-ups carrying any of these tags.");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("memberIds").Description("Follow-ups made by any of these members.");
        Field<UtcDateTimeGraphType>("occurredFrom").Description("Follow-ups that occurred at or after this instant.");
        Field<UtcDateTimeGraphType>("occurredBefore").Description("Follow-ups that occurred before this instant.");
    }
}

/// <summary>Lists of follow-ups: newest first, filtered by kind, tag, member and period.</summary>
internal static class ActivityLists
{
    private static readonly SortOrder<Activity> NewestFirst = SortOrder<Activity>.By("occurredAt", a => a.OccurredAt, descending: true);

    public static FieldBuilder<TSource, object> ActivityListArguments<TSource>(this FieldBuilder<TSource, object> field) => field
        .PagingArguments()
        .Argument<ActivityFilterType>("where");

    /// <summary>The trail of a subject the caller sees: all its follow-ups, whoever made them.</summary>
    public static IQueryable<Activity> OfSubject(SalesDbContext db, long tenantId, ActivitySubjectKind kind, long id) =>
        db.Activities.IgnoreQueryFilters().AsNoTracking().Where(a => a.TenantId == tenantId && a.SubjectKind == kind && a.SubjectId == id);

    public static async Task<object> ConnectionAsync(IResolveFieldContext ctx, IQueryable<Activity> activities)
    {
        var connection = await Filter(activities, new FilterArguments(ctx))
            .ToConnectionAsync(NewestFirst, ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
        return connection.Erase();
    }

    private static IQueryable<Activity> Filter(IQueryable<Activity> activities, FilterArguments filter)
    {
        if (filter.List<ActivityKind>("kinds") is { } kinds)
        {
            activities = activities.Where(a => kinds.Contains(a.Kind));
        }

        if (filter.List<string>("tagCodes")?.Select(ActivityTagRules.Normalize).ToList() is { } tags)
        {
            activities = activities.Where(a => a.TagCodes.Any(code => tags.Contains(code)));
        }

        if (filter.Ids("memberIds", "Member") is { } members)
        {
            activities = activities.Where(a => members.Contains(a.MemberId));
        }

        if (filter.Get<DateTime?>("occurredFrom") is { } from)
        {
            activities = activities.Where(a => a.OccurredAt >= from);
        }

        if (filter.Get<DateTime?>("occurredBefore") is { } before)
        {
            activities = activities.Where(a => a.OccurredAt < before);
        }

        return activities;
    }
}

public sealed class ActivitiesQueries : IQueryFields
{
    public void AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<ActivityType>>>("activities")
            .Authorize(Scopes.SalesRead)
            .Description("Follow-ups, newest first: those of one subject (a lead, account or opportunity the caller sees), or all the caller sees.")
            .Argument<IdGraphType>("subjectId", "A lead, account or opportunity; its whole trail, whoever followed it up. One the caller cannot see has none.")
            .ActivityListArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var activities = db.Activities.AsNoTracking();
                if (ctx.GetArgument<string?>("subjectId") is { } subjectId)
                {
                    var subject = ActivitySubjects.Decode(subjectId) is { } key ? await ActivitySubjects.FindVisibleAsync(db, key.Kind, key.Id, ctx.CancellationToken) : null;
                    activities = subject is null ? activities.Where(_ => false) : ActivityLists.OfSubject(db, ctx.TenantId(), subject.Kind, subject.Id);
                }

                return await ActivityLists.ConnectionAsync(ctx, activities);
            });

        query.Field<NonNullGraphType<ConnectionType<ActivityTagType>>>("activityTags")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's tag catalog, by code.")
            .Argument<BooleanGraphType>("includeRetired", arg => arg.DefaultValue = false)
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var tags = db.ActivityTags.AsNoTracking();
                if (!ctx.GetArgument<bool>("includeRetired"))
                {
                    tags = tags.Where(t => t.RetiredAt == null);
                }

                var connection = await tags.ToConnectionAsync(SortOrder<ActivityTag>.By("code", t => t.Code), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<FollowUpSettingsType>>("followUpSettings")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's follow-up sequence and summary language.")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                return await FollowUpSettingsStore.GetAsync(db, ctx.CancellationToken);
            });
    }
}

/// <summary>A lead's follow-up trail and progress, added to the Lead type from here.</summary>
public sealed class LeadFollowUpFields : ITypeFields<LeadType>
{
    public void AddTo(LeadType type)
    {
        type.Field<NonNullGraphType<ConnectionType<ActivityType>>>("activities")
            .Description("The lead's follow-ups, newest first, whoever made them.")
            .ActivityListArguments()
            .ResolveAsync(async ctx =>
            {
                var lead = ctx.Source;
                await using var db = ctx.Database();
                return await ActivityLists.ConnectionAsync(ctx, ActivityLists.OfSubject(db, lead.TenantId, ActivitySubjectKind.Lead, lead.Id));
            });

        type.Field<NonNullGraphType<FollowUpProgressType>>("followUp")
            .Description("Where the lead stands in the follow-up sequence: completed steps, the current one, and since when it is overdue.")
            .Resolve(ctx =>
            {
                var lead = ctx.Source;
                return FollowUpProgressLoading.Load(ctx.RequestServices!, lead.TenantId, ActivitySubjectKind.Lead, lead.Id, lead.AssignedAt ?? lead.CreatedAt);
            });
    }
}

/// <summary>An opportunity's follow-up trail and progress, added to the Opportunity type from here.</summary>
public sealed class OpportunityFollowUpFields : ITypeFields<OpportunityType>
{
    public void AddTo(OpportunityType type)
    {
        type.Field<NonNullGraphType<ConnectionType<ActivityType>>>("activities")
            .Description("The opportunity's follow-ups, newest first, whoever made them.")
            .ActivityListArguments()
            .ResolveAsync(async ctx =>
            {
                var opportunity = ctx.Source;
                await using var db = ctx.Database();
                return await ActivityLists.ConnectionAsync(ctx, ActivityLists.OfSubject(db, opportunity.TenantId, ActivitySubjectKind.Opportunity, opportunity.Id));
            });

        type.Field<NonNullGraphType<FollowUpProgressType>>("followUp")
            .Description("Where the opportunity stands in the follow-up sequence: completed steps, the current one, and since when it is overdue.")
            .Resolve(ctx => FollowUpProgressLoading.Load(ctx.RequestServices!, ctx.Source.TenantId, ActivitySubjectKind.Opportunity, ctx.Source.Id, ctx.Source.CreatedAt));
    }
}

/// <summary>An account's follow-up trail, added to the Account type from here.</summary>
public sealed class AccountFollowUpFields : ITypeFields<AccountType>
{
    public void AddTo(AccountType type)
    {
        type.Field<NonNullGraphType<ConnectionType<ActivityType>>>("activities")
            .Description("The account's follow-ups, newest first, whoever made them.")
            .ActivityListArguments()
            .ResolveAsync(async ctx =>
            {
                var account = ctx.Source;
                await using var db = ctx.Database();
                return await ActivityLists.ConnectionAsync(ctx, ActivityLists.OfSubject(db, account.TenantId, ActivitySubjectKind.Account, account.Id));
            });
    }
}

internal static class FollowUpProgressLoading
{
    /// <summary>Queues the sequence and the subject's state with its siblings'; a subject never followed up is at its first step.</summary>
    public static DeferredResult<FollowUpProgress> Load(IServiceProvider services, long tenantId, ActivitySubjectKind kind, long id, DateTime subjectStartedAt)
    {
        var settings = services.DataLoader<FollowUpSettingsByTenantDataLoader>().LoadAsync(tenantId);
        var state = services.DataLoader<FollowUpStateBySubjectDataLoader>().LoadAsync((kind, id));
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        return new DeferredResult<FollowUpProgress>(async cancellationToken =>
        {
            var steps = (await settings.GetResultAsync(cancellationToken))?.Steps ?? FollowUpCatalog.DefaultSteps();
            var found = await state.GetResultAsync(cancellationToken);
            return found is null
                ? FollowUpRules.Progress(steps, subjectStartedAt, [], null, now)
                : FollowUpRules.Progress(steps, found.SubjectStartedAt, found.CompletedAt, found.LastFollowUpAt, now);
        });
    }
}
