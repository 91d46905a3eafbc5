using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.Features.Documents;
using HeadlessSales.Api.Features.Organization;
using HeadlessSales.Api.GraphQL.DataLoaders;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.Schema;
using HeadlessSales.Api.GraphQL.Transport;
using HeadlessSales.Api.Identity;
using HeadlessSales.Api.Identity.Authorization;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>
/// Practice through the API: sales ops set tasks, a member uploads a recording (the documents' multipart upload, type
/// checked against the file's bytes, stored in the document storage, its length read from the container header), and a
/// reviewer scores it against the task's rubric.
/// </summary>
public sealed class PracticeFields(TimeProvider clock, IDocumentStorage storage) : IQueryFields, IMutationFields
{
    /// <summary>A recording may run this much over the task's length (a recorder's lead-in), never more.</summary>
    public const double DurationToleranceSeconds = 5;

    private static readonly MemberRole[] ReviewerRoles = [MemberRole.Reviewer, MemberRole.SalesOps, MemberRole.Admin];

    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ConnectionType<PracticeTaskType>>>("practiceTasks")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's practice tasks, oldest first.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.PracticeTasks.AsNoTracking().ToConnectionAsync(SortOrder<PracticeTask>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });

        query.Field<NonNullGraphType<ConnectionType<PracticeSubmissionType>>>("practiceSubmissions")
            .Authorize(Scopes.SalesRead)
            .Description("Practices of the members whose records the caller sees (reviewers see all), newest first.")
            .PagingArguments()
            .Argument<PracticeSubmissionFilterType>("where")
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var submissions = PracticeVisibility.Visible(db, ctx.Actor()).AsNoTracking();
                var filter = new FilterArguments(ctx);
                if (filter.Ids("memberIds", "Member") is { } members)
                {
                    submissions = submissions.Where(s => members.Contains(s.MemberId));
                }

                if (filter.List<PracticeStatus>("statuses") is { } statuses)
                {
                    submissions = submissions.Where(s => statuses.Contains(s.Status));
                }

                var connection = await submissions.ToConnectionAsync(SortOrder<PracticeSubmission>.ById(descending: true), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }

    void IMutationFields.AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreatePracticeTaskPayloadType>>("createPracticeTask")
            .Authorize(Scopes.SalesWrite)
            .Description("Sales ops and admins: a practice task with its longest recording and its rubric.")
            .Argument<NonNullGraphType<CreatePracticeTaskInputType>>("input")
            .ResolveAsync(async ctx => await CreateTaskAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<SubmitPracticePayloadType>>("submitPractice")
            .Authorize(Scopes.SalesWrite)
            .Description("The caller's recording for a practice task (multipart, as uploadDocument): MP4 or WebM, its length read from the file and at most the task's.")
            .Argument<NonNullGraphType<SubmitPracticeInputType>>("input")
            .ResolveAsync(async ctx => await SubmitAsync(ctx, ctx.GetInput()));

        mutation.Field<NonNullGraphType<ScorePracticePayloadType>>("scorePractice")
            .Authorize(Scopes.SalesRead, ReviewerRoles)
            .Description("A reviewer scores a practice against its task's rubric: one score of 1 to 5 per criterion, in order. Nobody scores their own.")
            .Argument<NonNullGraphType<ScorePracticeInputType>>("input")
            .ResolveAsync(async ctx => await ScoreAsync(ctx, ctx.GetInput()));
    }

    private async Task<MutationPayload<PracticeTask>> CreateTaskAsync(IResolveFieldContext ctx, InputFields input)
    {
        if (ctx.Actor().VisibleOwnerIds is not null)
        {
            return MutationPayload.Failure(new InvalidStateError("Only sales ops and admins set practice tasks."));
        }

        var title = input.RequiredText("title", PracticeTask.TitleMaxLength);
        var industry = input.OptionalText("industry", Member.IndustryMaxLength);
        var prompt = input.RequiredText("prompt", PracticeTask.PromptMaxLength);
        var maxDuration = input.Get<int>("maxDurationSeconds");
        if (maxDuration is < 10 or > 3600)
        {
            input.Invalid("maxDurationSeconds", "10 to 3600 seconds.");
        }

        var rubric = (input.List<string>("rubric") ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct().ToList();
        if (rubric.Count is 0 or > PracticeTask.MaxCriteria || rubric.Any(c => c.Length > PracticeTask.CriterionMaxLength))
        {
            input.Invalid("rubric", $"1 to {PracticeTask.MaxCriteria} criteria, each at most {PracticeTask.CriterionMaxLength} characters.");
        }

        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        await using var db = ctx.Database();
        var task = new PracticeTask
        {
            TenantId = ctx.TenantId(), Title = title!, Industry = industry, Prompt = prompt!, MaxDurationSeconds = maxDuration, Rubric = rubric, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.PracticeTasks.Add(task);
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(task);
    }

    private async Task<MutationPayload<PracticeSubmission>> SubmitAsync(IResolveFieldContext ctx, InputFields input)
    {
        var actor = ctx.Actor();
        if (actor.MemberId is not { } memberId)
        {
            return MutationPayload.Failure(new InvalidStateError("A practice is a member's; an integration submits none."));
        }

        await using var db = ctx.Database();
        var taskId = input.Id("taskId", "PracticeTask");
        var task = taskId is null ? null : await db.PracticeTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, ctx.CancellationToken);
        if (task is null)
        {
            return input.NotFoundPayload("taskId");
        }

        var file = input.Get<UploadedFile>("file");
        if (file is null)
        {
            input.Invalid("file", "`file` must be a file part of a multipart request.");
            return MutationPayload.Failure(input.Errors);
        }

        var declared = FileSignatures.Normalize(file.DeclaredContentType);
        if (declared is null || !PracticeTask.RecordingTypes.Contains(declared) || !FileSignatures.Matches(declared, file.Head.Span))
        {
            return MutationPayload.Failure(new UnsupportedFileTypeError(input.PathOf("file"), declared, FileSignatures.Detect(file.Head.Span), PracticeTask.RecordingTypes));
        }

        TimeSpan? duration;
        await using (var content = file.OpenRead())
        {
            duration = await RecordingDuration.ReadAsync(declared, content, ctx.CancellationToken);
        }

        if (duration is not { } length)
        {
            return MutationPayload.Failure(new PracticeRecordingError("The recording's header gives no duration; upload the file as the recorder wrote it.", null, task.MaxDurationSeconds));
        }

        if (length.TotalSeconds < 1 || length.TotalSeconds > task.MaxDurationSeconds + DurationToleranceSeconds)
        {
            return MutationPayload.Failure(new PracticeRecordingError(
                $"The recording runs {length.TotalSeconds:0.#} s; the task takes at most {task.MaxDurationSeconds} s.", length.TotalSeconds, task.MaxDurationSeconds));
        }

        var key = LocalDocumentStorage.KeyOf(actor.TenantId, file.Sha256);
        await using (var content = file.OpenRead())
        {
            await storage.SaveAsync(key, content, ctx.CancellationToken);
        }

        var submission = new PracticeSubmission
        {
            TenantId = actor.TenantId, TaskId = task.Id, MemberId = memberId, ContentType = declared, StorageKey = key, SizeBytes = file.Length,
            DurationSeconds = Math.Round(length.TotalSeconds, 3), SubmittedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.PracticeSubmissions.Add(submission);
        await db.SaveChangesAsync(ctx.CancellationToken);
        return MutationPayload.Success(submission);
    }

    private async Task<MutationPayload<PracticeSubmission>> ScoreAsync(IResolveFieldContext ctx, InputFields input)
    {
        await using var db = ctx.Database();
        var id = input.Id("id", "PracticeSubmission");
        var submission = id is null ? null : await PracticeVisibility.Visible(db, ctx.Actor()).FirstOrDefaultAsync(s => s.Id == id, ctx.CancellationToken);
        if (submission is null)
        {
            return input.NotFoundPayload("id");
        }

        var task = await db.PracticeTasks.AsNoTracking().FirstAsync(t => t.Id == submission.TaskId, ctx.CancellationToken);
        var scores = input.List<int>("scores") ?? [];
        if (scores.Count != task.Rubric.Count || scores.Any(s => s is < 1 or > PracticeTask.MaxScore))
        {
            input.Invalid("scores", $"One score of 1 to {PracticeTask.MaxScore} per rubric criterion: {task.Rubric.Count}.");
        }

        var comment = input.OptionalText("comment", 1000);
        if (!input.IsValid)
        {
            return MutationPayload.Failure(input.Errors);
        }

        if (submission.RefusalOfReviewer(ctx.Actor().MemberId) is { } refusal)
        {
            return MutationPayload.Failure(refusal);
        }

        submission.RecordScores(scores, ctx.Actor().MemberId!.Value, comment, clock.GetUtcNow().UtcDateTime);
        try
        {
            await db.SaveChangesAsync(ctx.CancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return MutationPayload.Failure(new InvalidStateError("Somebody scored this practice meanwhile; reload it."));
        }

        return MutationPayload.Success(submission);
    }
}

public sealed class PracticeStatusType : EnumerationGraphType<PracticeStatus>
{
    public PracticeStatusType() => Name = "PracticeStatus";
}

public sealed class PracticeTaskType : NodeType<PracticeTask>
{
    public PracticeTaskType() : base("PracticeTask", "A practice exercise: the prompt, the longest recording it takes, and the rubric a reviewer scores it against.")
    {
        Field(t => t.Title);
        Field(t => t.Industry, nullable: true).Description("Null: for every industry.");
        Field(t => t.Prompt);
        Field(t => t.MaxDurationSeconds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("rubric").Description("The criteria, each scored 1 to 5.").Resolve(ctx => ctx.Source.Rubric);
        Field(t => t.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class PracticeSubmissionType : NodeType<PracticeSubmission>
{
    public PracticeSubmissionType() : base("PracticeSubmission", "A member's recording for a practice task and its review.")
    {
        Field<PracticeTaskType>("task").Resolve(ctx => ctx.DataLoader<PracticeTaskByIdDataLoader>().LoadAsync(ctx.Source.TaskId));
        Field<NonNullGraphType<MemberType>>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field(s => s.ContentType);
        Field(s => s.SizeBytes, type: typeof(NonNullGraphType<LongGraphType>));
        Field(s => s.DurationSeconds).Description("Read from the file's container header.");
        Field(s => s.Status, type: typeof(NonNullGraphType<PracticeStatusType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("scores").Description("One per rubric criterion, in order; empty until scored.").Resolve(ctx => ctx.Source.Scores);
        Field(s => s.Score, nullable: true).Description("The scores' mean (1 to 5).");
        Field<MemberType>("reviewer").Resolve(ctx => ctx.Source.ReviewerId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(s => s.ReviewComment, nullable: true);
        Field(s => s.SubmittedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(s => s.ScoredAt, type: typeof(UtcDateTimeGraphType));
    }
}

public sealed class PracticeSubmissionFilterType : InputObjectGraphType
{
    public PracticeSubmissionFilterType()
    {
        Name = "PracticeSubmissionFilter";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("memberIds");
        Field<ListGraphType<NonNullGraphType<PracticeStatusType>>>("statuses");
    }
}

public sealed class PracticeRecordingErrorType : UserErrorType<PracticeRecordingError>
{
    public PracticeRecordingErrorType() : base("PracticeRecordingError", "The recording's length, read from its header, is missing or more than the task takes.")
    {
        Field(e => e.DurationSeconds, nullable: true);
        Field(e => e.MaxDurationSeconds);
    }
}

public sealed class CreatePracticeTaskInputType : InputObjectGraphType
{
    public CreatePracticeTaskInputType()
    {
        Name = "CreatePracticeTaskInput";
        Field<NonNullGraphType<StringGraphType>>("title");
        Field<StringGraphType>("industry");
        Field<NonNullGraphType<StringGraphType>>("prompt");
        Field<NonNullGraphType<IntGraphType>>("maxDurationSeconds").Description("10 to 3600.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("rubric").Description($"1 to {PracticeTask.MaxCriteria} criteria.");
    }
}

public sealed class SubmitPracticeInputType : InputObjectGraphType
{
    public SubmitPracticeInputType()
    {
        Name = "SubmitPracticeInput";
        Field<NonNullGraphType<IdGraphType>>("taskId");
        Field<NonNullGraphType<UploadGraphType>>("file").Description("The recording's file part: video/mp4, video/webm, audio/mp4 or audio/webm, matching its content.");
    }
}

public sealed class ScorePracticeInputType : InputObjectGraphType
{
    public ScorePracticeInputType()
    {
        Name = "ScorePracticeInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("scores");
        Field<StringGraphType>("comment");
    }
}

public sealed class CreatePracticeTaskErrorType() : MutationErrorUnion("createPracticeTask", typeof(ValidationErrorType), typeof(InvalidStateErrorType));

public sealed class SubmitPracticeErrorType() : MutationErrorUnion("submitPractice", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType),
    typeof(UnsupportedFileTypeErrorType), typeof(PracticeRecordingErrorType));

public sealed class ScorePracticeErrorType() : MutationErrorUnion("scorePractice", typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(InvalidStateErrorType));

public sealed class CreatePracticeTaskPayloadType() : PayloadType<PracticeTaskType, PracticeTask, CreatePracticeTaskErrorType>("createPracticeTask", "task");

public sealed class SubmitPracticePayloadType() : PayloadType<PracticeSubmissionType, PracticeSubmission, SubmitPracticeErrorType>("submitPractice", "practice");

public sealed class ScorePracticePayloadType() : PayloadType<PracticeSubmissionType, PracticeSubmission, ScorePracticeErrorType>("scorePractice", "practice");
