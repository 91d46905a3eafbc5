using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.Infrastructure.Errors;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Events;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Activities;

public sealed class ActivitiesMutations(TimeProvider clock, IFollowUpSummarizer summarizer) : IMutationFields
{
    public void AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<LogActivityPayloadType>>("logActivity")
            .Authorize(Scopes.SalesWrite)
            .Description("Logs a follow-up on a lead, account or opportunity: tagged from the catalog, summarized, counted towards the follow-up steps and shown live on the member's team board.")
            .Argument<NonNullGraphType<LogActivityInputType>>("input")
            .ResolveAsync(async ctx => await LogActivityAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<CreateActivityTagPayloadType>>("createActivityTag")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Adds a tag to the catalog.")
            .Argument<NonNullGraphType<CreateActivityTagInputType>>("input")
            .ResolveAsync(async ctx => await CreateTagAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<RenameActivityTagPayloadType>>("renameActivityTag")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Renames a tag; its code, and the follow-ups and steps that carry it, stay.")
            .Argument<NonNullGraphType<RenameActivityTagInputType>>("input")
            .ResolveAsync(async ctx => await RenameTagAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<RetireActivityTagPayloadType>>("retireActivityTag")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Retires a tag: past follow-ups keep it, new ones cannot use it. A tag that completes a follow-up step cannot be retired.")
            .Argument<NonNullGraphType<RetireActivityTagInputType>>("input")
            .ResolveAsync(async ctx => await RetireTagAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<UpdateFollowUpSettingsPayloadType>>("updateFollowUpSettings")
            .Authorize(Scopes.OrgAdmin, Configurers.Roles)
            .Description("Sets the follow-up sequence and the summary language; every lead's progress is recomputed against the new sequence.")
            .Argument<NonNullGraphType<UpdateFollowUpSettingsInputType>>("input")
            .ResolveAsync(async ctx => await UpdateSettingsAsync(ctx, ctx.GetInput()));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<MutationPayload<Activity>> LogActivityAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var actor = ctx.Actor();
        var ct = ctx.CancellationToken;
        var now = Now;

        var subjectKey = ActivitySubjects.Decode(input.Get<string>("subjectId"));
        var subject = subjectKey is { } key ? await ActivitySubjects.FindVisibleAsync(db, key.Kind, key.Id, ct) : null;
        if (subject is null)
        {
            input.NotFound("subjectId");
        }

        var occurredAt = input.Get<DateTime>("occurredAt");
        if (occurredAt > now + ActivityRules.ClockSkew)
        {
            input.Invalid("occurredAt", "A follow-up cannot be logged before it happened: `occurredAt` is in the future.");
        }

        var tags = await ReadTagsAsync(db, input, ct);
        var duration = input.Get<int?>("durationMinutes");
        if (duration is < 0 or > ActivityRules.MaxDurationMinutes)
        {
            input.Invalid("durationMinutes", $"`durationMinutes` must be between 0 and {ActivityRules.MaxDurationMinutes}.");
        }

        var notes = input.OptionalText("notes", ActivityRules.NotesMaxLength);
        var concerns = ReadConcerns(input);
        var nextStep = input.OptionalText("nextStep", ActivityRules.NextStepMaxLength);
        var nextStepDueOn = input.Get<DateOnly?>("nextStepDueOn");
        if (nextStepDueOn is { } due && nextStep is null)
        {
            input.Invalid("nextStepDueOn", "A due date needs a `nextStep`.");
        }
        else if (nextStepDueOn is { } dueOn && dueOn < DateOnly.FromDateTime(occurredAt))
        {
            input.Invalid("nextStepDueOn", "The next step cannot be due before the follow-up.");
        }

        var member = await ReadMemberAsync(db, input, actor, ct);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var settings = await FollowUpSettingsStore.GetAsync(db, ct);
        var summary = await summarizer.SummarizeAsync(new FollowUpSummaryInput(
            settings.SummaryLanguage, input.Get<ActivityKind>("kind"), member!.Name, subject!.Name,
            tags.Select(t => t.Name(settings.SummaryLanguage)).ToList(), concerns, input.Get<ActivityOutcome?>("outcome"), nextStep, nextStepDueOn), ct);
        var ownerTeamId = subject.OwnerId is { } ownerId
            ? await db.Members.AsNoTracking().Where(m => m.Id == ownerId).Select(m => m.TeamId).FirstOrDefaultAsync(ct)
            : null;

        Activity NewActivity() => new()
        {
            TenantId = actor.TenantId,
            Kind = input.Get<ActivityKind>("kind"),
            SubjectKind = subject.Kind,
            SubjectId = subject.Id,
            SubjectOwnerId = subject.OwnerId,
            MemberId = member.Id,
            TeamId = member.TeamId,
            OccurredAt = occurredAt,
            DurationMinutes = duration,
            Outcome = input.Get<ActivityOutcome?>("outcome"),
            Notes = notes,
            TagCodes = tags.Select(t => t.Code).ToList(),
            Concerns = concerns,
            NextStep = nextStep,
            NextStepDueOn = nextStepDueOn,
            Summary = summary,
            CreatedAt = now,
        };

        var activity = await SaveAsync(db, NewActivity, subject, ownerTeamId, settings.Steps, now, ct);
        return MutationPayload.Success(activity);
    }

    /// <summary>Stores the follow-up and its subject's new progress together; a lost race to create the progress row is retried once.</summary>
    private static async Task<Activity> SaveAsync(SalesDbContext db, Func<Activity> newActivity, ActivitySubject subject, long? ownerTeamId, IReadOnlyList<FollowUpStep> steps, DateTime now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var activity = newActivity();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            try
            {
                // The insert comes first, so that on SQLite this transaction holds the write lock before it reads.
                db.Activities.Add(activity);
                await db.SaveChangesAsync(ct);
                db.ActivityTagLinks.AddRange(ActivityTagLink.Of(activity));
                db.Journal(new FollowUpLogged(activity.TenantId, activity.Id, activity.TeamId, activity.MemberId, activity.SubjectOwnerId, now));
                await db.SaveChangesAsync(ct);
                if (subject.Kind.HasFollowUpSteps())
                {
                    await FollowUpTracker.RefreshAsync(db, activity.TenantId, subject, ownerTeamId, steps, now, ct);
                }

                await transaction.CommitAsync(ct);
                return activity;
            }
            catch (DbUpdateException exception) when (attempt == 1 && UniqueViolation.Is(exception))
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
            }
        }
    }

    private static async Task<List<ActivityTag>> ReadTagsAsync(SalesDbContext db, InputFields input, CancellationToken ct)
    {
        var codes = (input.List<string>("tagCodes") ?? []).Select(ActivityTagRules.Normalize).Where(c => c.Length > 0).Distinct().ToList();
        if (codes.Count == 0)
        {
            input.Errors.Add(new UntaggedFollowUpError(input.PathOf("tagCodes")));
            return [];
        }

        if (codes.Count > ActivityRules.MaxTags)
        {
            input.Invalid("tagCodes", $"At most {ActivityRules.MaxTags} tags per follow-up.");
            return [];
        }

        var usable = await db.ActivityTags.AsNoTracking().Where(t => codes.Contains(t.Code) && t.RetiredAt == null).ToDictionaryAsync(t => t.Code, ct);
        input.Errors.AddRange(codes.Where(c => !usable.ContainsKey(c)).Select(c => new UnknownCodeError(input.PathOf("tagCodes"), c)));
        return codes.Where(usable.ContainsKey).Select(c => usable[c]).ToList();
    }

    private static List<string> ReadConcerns(InputFields input)
    {
        var concerns = (input.List<string>("concerns") ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct().ToList();
        if (concerns.Count > ActivityRules.MaxConcerns)
        {
            input.Invalid("concerns", $"At most {ActivityRules.MaxConcerns} concerns per follow-up.");
        }
        else if (concerns.Any(c => c.Length > ActivityRules.ConcernMaxLength))
        {
            input.Invalid("concerns", $"Each concern must be at most {ActivityRules.ConcernMaxLength} characters.");
        }

        return concerns;
    }

    /// <summary>The member who followed up: the caller, or a member the caller sees; an integration must say who.</summary>
    private static async Task<Member?> ReadMemberAsync(SalesDbContext db, InputFields input, HeadlessSales.Api.Infrastructure.Tenancy.Actor actor, CancellationToken ct)
    {
        long? memberId;
        if (input.Get<string>("memberId") is not null)
        {
            // A malformed id or one of another type was already reported as not found.
            memberId = input.Id("memberId", "Member");
            if (memberId is null)
            {
                return null;
            }
        }
        else if (actor.MemberId is { } self)
        {
            memberId = self;
        }
        else
        {
            input.Invalid("memberId", "An integration must name the member who followed up.");
            return null;
        }

        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId && m.Active, ct);
        if (member is null || (actor.VisibleOwnerIds is { } visible && !visible.Contains(member.Id)))
        {
            input.NotFound("memberId");
            return null;
        }

        return member;
    }

    private async Task<MutationPayload<ActivityTag>> CreateTagAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var code = input.RequiredText("code", ActivityTagRules.CodeMaxLength) is { } raw ? ActivityTagRules.Normalize(raw) : null;
        if (code is not null && !ActivityTagRules.IsValidCode(code))
        {
            input.Invalid("code", "A tag code is 2 to 40 upper-case letters, digits and underscores, starting with a letter.");
        }

        var nameZh = input.RequiredText("nameZh", ActivityTagRules.NameMaxLength);
        var nameEn = input.RequiredText("nameEn", ActivityTagRules.NameMaxLength);
        if (input.IsValid && await db.ActivityTags.AnyAsync(t => t.Code == code, ctx.CancellationToken))
        {
            input.Errors.Add(Duplicate(input, code!));
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var tag = new ActivityTag { TenantId = ctx.TenantId(), Code = code!, NameZh = nameZh!, NameEn = nameEn!, CreatedAt = Now, UpdatedAt = Now };
        db.ActivityTags.Add(tag);
        try
        {
            await db.SaveChangesAsync(ctx.CancellationToken);
        }
        catch (DbUpdateException exception) when (UniqueViolation.Is(exception))
        {
            return MutationPayload.Failure(Duplicate(input, code!));
        }

        return MutationPayload.Success(tag);
    }

    private static DuplicateError Duplicate(InputFields input, string code) =>
        new(input.PathOf("code"), code, $"The catalog already has a tag {code}.");

    private async Task<MutationPayload<ActivityTag>> RenameTagAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "ActivityTag");
        var tag = id is null ? null : await db.ActivityTags.FirstOrDefaultAsync(t => t.Id == id, ctx.CancellationToken);
        if (tag is null)
        {
            return input.NotFoundPayload("id");
        }

        var nameZh = input.Has("nameZh") ? input.RequiredText("nameZh", ActivityTagRules.NameMaxLength) : tag.NameZh;
        var nameEn = input.Has("nameEn") ? input.RequiredText("nameEn", ActivityTagRules.NameMaxLength) : tag.NameEn;
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        tag.NameZh = nameZh!;
        tag.NameEn = nameEn!;
        tag.UpdatedAt = Now;
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(tag);
    }

    private async Task<MutationPayload<ActivityTag>> RetireTagAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "ActivityTag");
        var tag = id is null ? null : await db.ActivityTags.FirstOrDefaultAsync(t => t.Id == id, ctx.CancellationToken);
        if (tag is null)
        {
            return input.NotFoundPayload("id");
        }

        if (tag.RetiredAt is not null)
        {
            return MutationPayload.Failure(new InvalidStateError($"The tag {tag.Code} is already retired."));
        }

        var settings = await FollowUpSettingsStore.GetAsync(db, ctx.CancellationToken);
        if (settings.Steps.FirstOrDefault(s => s.TagCodes.Contains(tag.Code)) is { } step)
        {
            return MutationPayload.Failure(new InvalidStateError($"The tag {tag.Code} completes the follow-up step {step.Code}; change the steps first."));
        }

        tag.RetiredAt = Now;
        tag.UpdatedAt = Now;
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(tag);
    }

    private async Task<MutationPayload<FollowUpSettings>> UpdateSettingsAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var ct = ctx.CancellationToken;
        var settings = await db.FollowUpSettings.FirstOrDefaultAsync(ct)
            ?? db.FollowUpSettings.Add(new FollowUpSettings { TenantId = ctx.TenantId(), Steps = FollowUpCatalog.DefaultSteps() }).Entity;
        List<FollowUpStep>? steps = null;
        if (input.Has("steps"))
        {
            steps = await ReadStepsAsync(db, input, ct);
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        var now = Now;
        settings.SummaryLanguage = input.Get<SummaryLanguage?>("summaryLanguage") ?? settings.SummaryLanguage;
        settings.UpdatedAt = now;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (steps is not null)
        {
            settings.Steps = steps;
            await db.SaveChangesAsync(ct);
            await FollowUpTracker.RefreshAllAsync(db, settings.TenantId, steps, now, ct);
        }
        else
        {
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return MutationPayload.Success(settings);
    }

    private static async Task<List<FollowUpStep>?> ReadStepsAsync(SalesDbContext db, InputFields input, CancellationToken ct)
    {
        var given = input.List<Dictionary<string, object?>>("steps") ?? [];
        if (given.Count == 0)
        {
            input.Invalid("steps", "The follow-up sequence needs at least one step.");
            return null;
        }

        if (given.Count > 20)
        {
            input.Invalid("steps", "The follow-up sequence has at most 20 steps.");
            return null;
        }

        var usable = (await db.ActivityTags.AsNoTracking().Where(t => t.RetiredAt == null).Select(t => t.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var steps = new List<FollowUpStep>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < given.Count; i++)
        {
            var step = new InputFields(given[i], input.PathOf($"steps[{i}]"));
            var code = step.RequiredText("code", ActivityTagRules.CodeMaxLength) is { } raw ? ActivityTagRules.Normalize(raw) : null;
            if (code is not null && !ActivityTagRules.IsValidCode(code))
            {
                step.Invalid("code", "A step code is 2 to 40 upper-case letters, digits and underscores, starting with a letter.");
            }
            else if (code is not null && !codes.Add(code))
            {
                step.Invalid("code", $"Two steps are called {code}.");
            }

            var nameZh = step.RequiredText("nameZh", ActivityTagRules.NameMaxLength);
            var nameEn = step.RequiredText("nameEn", ActivityTagRules.NameMaxLength);
            var tags = (step.List<string>("tagCodes") ?? []).Select(ActivityTagRules.Normalize).Where(t => t.Length > 0).Distinct().ToList();
            if (tags.Count == 0)
            {
                step.Invalid("tagCodes", "A step needs at least one tag that completes it.");
            }

            step.Errors.AddRange(tags.Where(t => !usable.Contains(t)).Select(t => new UnknownCodeError(step.PathOf("tagCodes"), t)));
            var days = step.Get<int>("allowedDays");
            if (days is < 1 or > 365)
            {
                step.Invalid("allowedDays", "`allowedDays` must be between 1 and 365.");
            }

            input.Errors.AddRange(step.Errors);
            if (step.IsValid)
            {
                steps.Add(new FollowUpStep { Code = code!, NameZh = nameZh!, NameEn = nameEn!, TagCodes = tags, AllowedDays = days });
            }
        }

        return input.IsValid ? steps : null;
    }
}

public static class ActivitySubjectKindExtensions
{
    /// <summary>Leads and opportunities go through the follow-up steps; an account only keeps a trail.</summary>
    public static bool HasFollowUpSteps(this ActivitySubjectKind kind) => kind is ActivitySubjectKind.Lead or ActivitySubjectKind.Opportunity;
}
