using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>
/// A member's path: the cases picked for them and how many they have studied, and the practice tasks of their industry
/// and how many of those they have had scored.
/// </summary>
public sealed record LearningPath(long MemberId, string? Industry, IReadOnlyList<LearningPathItem> Items, IReadOnlyList<PracticeTask> PracticeTasks, int Practiced)
{
    public int Studied => Items.Count(i => i.CompletedAt is not null);
}

public sealed record LearningProgress(long MemberId, int Studied, int Total, int Practiced, int PracticeTotal);

public sealed record TeamLearningProgress(long TeamId, IReadOnlyList<LearningProgress> Members)
{
    public int Studied => Members.Sum(m => m.Studied);

    public int Total => Members.Sum(m => m.Total);

    public int Practiced => Members.Sum(m => m.Practiced);

    public int PracticeTotal => Members.Sum(m => m.PracticeTotal);
}

/// <summary>Learning paths through the API: a member's path, a team's progress, and a hire marking a case studied.</summary>
public sealed class LearningPathFields(TimeProvider clock) : IQueryFields, IMutationFields
{
    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<LearningPathType>("learningPath")
            .Authorize(Scopes.SalesRead)
            .Description("The cases picked for a member by their industry (on joining, and when it changes), oldest first; null when the caller does not see the member's records.")
            .Argument<NonNullGraphType<IdGraphType>>("memberId")
            .ResolveAsync(async ctx =>
            {
                var memberId = GlobalId.TryDecode(ctx.GetArgument<string>("memberId"), "Member");
                if (memberId is null || !ctx.Actor().SeesOwner(memberId))
                {
                    return null;
                }

                await using var db = ctx.Database();
                var member = await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => new { m.Id, m.Industry }).FirstOrDefaultAsync(ctx.CancellationToken);
                if (member is null)
                {
                    return null;
                }

                var items = await db.LearningPathItems.AsNoTracking().Where(i => i.MemberId == member.Id).OrderBy(i => i.AssignedAt).ThenBy(i => i.Id).ToListAsync(ctx.CancellationToken);
                var tasks = member.Industry is null ? [] : await db.PracticeTasks.AsNoTracking().Where(t => t.Industry == member.Industry).OrderBy(t => t.Id).ToListAsync(ctx.CancellationToken);
                var taskIds = tasks.Select(t => t.Id).ToList();
                var practiced = taskIds.Count == 0 ? 0 : await db.PracticeSubmissions.AsNoTracking()
                    .Where(p => p.MemberId == member.Id && p.Status == PracticeStatus.Scored && taskIds.Contains(p.TaskId)).Select(p => p.TaskId).Distinct().CountAsync(ctx.CancellationToken);
                return (object)new LearningPath(member.Id, member.Industry, items, tasks, practiced);
            });

        query.Field<TeamLearningProgressType>("learningProgress")
            .Authorize(Scopes.SalesRead)
            .Description("How far each member of a team is along their learning path; null unless the caller sees every member of the team.")
            .Argument<NonNullGraphType<IdGraphType>>("teamId")
            .ResolveAsync(async ctx =>
            {
                var teamId = GlobalId.TryDecode(ctx.GetArgument<string>("teamId"), "Team");
                await using var db = ctx.Database();
                var team = await db.Members.AsNoTracking().Where(m => m.TeamId == teamId).Select(m => new { m.Id, m.Industry }).ToListAsync(ctx.CancellationToken);
                var members = team.Select(m => m.Id).ToList();
                if (members.Count == 0 || !members.All(m => ctx.Actor().SeesOwner(m)))
                {
                    return null;
                }

                var counts = await db.LearningPathItems.AsNoTracking().Where(i => members.Contains(i.MemberId))
                    .GroupBy(i => i.MemberId).Select(g => new { MemberId = g.Key, Total = g.Count(), Studied = g.Count(i => i.CompletedAt != null) })
                    .ToDictionaryAsync(c => c.MemberId, ctx.CancellationToken);
                // Practices count on a path when they are scored, for a task of the member's industry: two grouped queries.
                var industries = team.Where(m => m.Industry != null).Select(m => m.Industry!).Distinct().ToList();
                var tasksPerIndustry = await db.PracticeTasks.AsNoTracking().Where(t => t.Industry != null && industries.Contains(t.Industry))
                    .GroupBy(t => t.Industry!).Select(g => new { Industry = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Industry, g => g.Count, ctx.CancellationToken);
                var practiced = await db.PracticeSubmissions.AsNoTracking()
                    .Where(p => members.Contains(p.MemberId) && p.Status == PracticeStatus.Scored)
                    .Join(db.PracticeTasks, p => p.TaskId, t => t.Id, (p, t) => new { p.MemberId, p.TaskId, t.Industry })
                    .Distinct().ToListAsync(ctx.CancellationToken);
                return (object)new TeamLearningProgress(teamId!.Value, [.. team.OrderBy(m => m.Id).Select(m =>
                {
                    var cases = counts.TryGetValue(m.Id, out var c) ? (c.Studied, c.Total) : (0, 0);
                    var practiceTotal = m.Industry is null ? 0 : tasksPerIndustry.GetValueOrDefault(m.Industry);
                    var done = m.Industry is null ? 0 : practiced.Count(p => p.MemberId == m.Id && p.Industry == m.Industry);
                    return new LearningProgress(m.Id, cases.Item1, cases.Item2, done, practiceTotal);
                })]);
            });
    }

    void IMutationFields.AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CompleteLearningPathItemPayloadType>>("completeLearningPathItem")
            .Authorize(Scopes.SalesWrite)
            .Description("The caller marks a case of their own learning path studied.")
            .Argument<NonNullGraphType<CompleteLearningPathItemInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetInput();
                var caseId = input.Id("caseId", "WonCase");
                await using var db = ctx.Database();
                var memberId = ctx.Actor().MemberId;
                var item = caseId is null || memberId is null ? null : await db.LearningPathItems.FirstOrDefaultAsync(i => i.MemberId == memberId && i.CaseId == caseId, ctx.CancellationToken);
                if (item is null)
                {
                    return input.NotFoundPayload("caseId");
                }

                item.Complete(clock.GetUtcNow().UtcDateTime);
                await db.SaveChangesAsync(ctx.CancellationToken);
                return (MutationPayload<LearningPathItem>)MutationPayload.Success(item);
            });
    }
}

public sealed class LearningPathItemType : ObjectGraphType<LearningPathItem>
{
    public LearningPathItemType()
    {
        Name = "LearningPathItem";
        Description = "An approved case on a member's learning path.";
        Field<WonCaseType>("case").Resolve(ctx => ctx.DataLoader<WonCaseByIdDataLoader>().LoadAsync(ctx.Source.CaseId));
        Field(i => i.Industry).Description("The industry it was picked for.");
        Field(i => i.AssignedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(i => i.CompletedAt, type: typeof(UtcDateTimeGraphType)).Description("When the member marked it studied.");
    }
}

public sealed class LearningPathType : ObjectGraphType<LearningPath>
{
    public LearningPathType()
    {
        Name = "LearningPath";
        Field<NonNullGraphType<MemberType>>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field(p => p.Industry, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearningPathItemType>>>>("items").Resolve(ctx => ctx.Source.Items);
        Field(p => p.Studied);
        Field<NonNullGraphType<IntGraphType>>("total").Resolve(ctx => ctx.Source.Items.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PracticeTaskType>>>>("practiceTasks").Description("The practice tasks of the member's industry.").Resolve(ctx => ctx.Source.PracticeTasks);
        Field(p => p.Practiced).Description("Practice tasks of the path with a scored practice of the member's.");
        Field<NonNullGraphType<IntGraphType>>("practiceTotal").Resolve(ctx => ctx.Source.PracticeTasks.Count);
    }
}

public sealed class LearningProgressType : ObjectGraphType<LearningProgress>
{
    public LearningProgressType()
    {
        Name = "LearningProgress";
        Field<NonNullGraphType<MemberType>>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field(p => p.Studied);
        Field(p => p.Total);
        Field(p => p.Practiced).Description("Practice tasks of the member's industry with a scored practice.");
        Field(p => p.PracticeTotal).Description("Practice tasks of the member's industry.");
    }
}

public sealed class TeamLearningProgressType : ObjectGraphType<TeamLearningProgress>
{
    public TeamLearningProgressType()
    {
        Name = "TeamLearningProgress";
        Field<NonNullGraphType<TeamType>>("team").Resolve(ctx => ctx.DataLoader<TeamByIdDataLoader>().LoadAsync(ctx.Source.TeamId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LearningProgressType>>>>("members").Resolve(ctx => ctx.Source.Members);
        Field(p => p.Studied);
        Field(p => p.Total);
        Field(p => p.Practiced);
        Field(p => p.PracticeTotal);
    }
}

public sealed class CompleteLearningPathItemInputType : InputObjectGraphType
{
    public CompleteLearningPathItemInputType()
    {
        Name = "CompleteLearningPathItemInput";
        Field<NonNullGraphType<IdGraphType>>("caseId").Description("A case on the caller's own path.");
    }
}

public sealed class CompleteLearningPathItemErrorType() : MutationErrorUnion("completeLearningPathItem", typeof(ValidationErrorType), typeof(NotFoundErrorType));

public sealed class CompleteLearningPathItemPayloadType() : PayloadType<LearningPathItemType, LearningPathItem, CompleteLearningPathItemErrorType>("completeLearningPathItem", "item");
