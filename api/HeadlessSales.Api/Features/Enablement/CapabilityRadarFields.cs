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
using HeadlessSales.Api.Infrastructure.Data;
using HeadlessSales.Api.Infrastructure.Errors;
using Microsoft.EntityFrameworkCore;

namespace HeadlessSales.Api.Features.Enablement;

/// <summary>The capability radar and the training catalog it recommends from, through the API.</summary>
public sealed class CapabilityRadarFields(ISalesDbContextPool pool, TimeProvider clock) : IQueryFields, IMutationFields
{
    void IQueryFields.AddTo(ObjectGraphType query)
    {
        query.Field<CapabilityRadarType>("capabilityRadar")
            .Authorize(Scopes.SalesRead)
            .Description("A rep's six capability dimensions in a calendar quarter (UTC), each against their team's distribution, and training for the two weakest; null when the caller does not see the rep's records.")
            .Argument<NonNullGraphType<IdGraphType>>("memberId")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .Argument<NonNullGraphType<IntGraphType>>("quarter", "1 to 4.")
            .ResolveAsync(async ctx =>
            {
                var memberId = GlobalId.TryDecode(ctx.GetArgument<string>("memberId"), "Member");
                var year = ctx.GetArgument<int>("year");
                var quarter = ctx.GetArgument<int>("quarter");
                if (year is < 2000 or > 2100 || quarter is < 1 or > 4)
                {
                    throw new ExecutionError("The quarter is 1 to 4 of a year from 2000 to 2100.") { Code = "INVALID_PERIOD" };
                }

                if (memberId is null || !ctx.Actor().SeesOwner(memberId))
                {
                    return null;
                }

                // The team's distribution is read across the team whoever asks: only the rep's own figures and aggregates leave.
                await using var db = pool.Rent(ctx.TenantId());
                return await CapabilityRadars.ComputeAsync(db, memberId.Value, year, quarter, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<ConnectionType<TrainingCourseType>>>("trainingCourses")
            .Authorize(Scopes.SalesRead)
            .Description("The tenant's training catalog, oldest first.")
            .PagingArguments()
            .ResolveAsync(async ctx =>
            {
                await using var db = ctx.Database();
                var connection = await db.TrainingCourses.AsNoTracking().ToConnectionAsync(SortOrder<TrainingCourse>.ById(), ctx.GetPageRequest(), ctx.SelectsTotalCount(), ctx.CancellationToken);
                return connection.Erase();
            });
    }

    void IMutationFields.AddTo(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CreateTrainingCoursePayloadType>>("createTrainingCourse")
            .Authorize(Scopes.SalesWrite)
            .Description("Sales ops and admins: a course of the training catalog and the radar dimension it trains.")
            .Argument<NonNullGraphType<CreateTrainingCourseInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                if (ctx.Actor().VisibleOwnerIds is not null)
                {
                    return (MutationPayload<TrainingCourse>)MutationPayload.Failure(new InvalidStateError("Only sales ops and admins keep the training catalog."));
                }

                var input = ctx.GetInput();
                var title = input.RequiredText("title", TrainingCourse.TitleMaxLength);
                var link = input.OptionalText("link", TrainingCourse.LinkMaxLength);
                if (!input.IsValid)
                {
                    return (MutationPayload<TrainingCourse>)MutationPayload.Failure(input.Errors);
                }

                await using var db = ctx.Database();
                var course = new TrainingCourse { TenantId = ctx.TenantId(), Title = title!, Dimension = input.Get<CapabilityDimension>("dimension"), Link = link, CreatedAt = clock.GetUtcNow().UtcDateTime };
                db.TrainingCourses.Add(course);
                await db.SaveChangesAsync(ctx.CancellationToken);
                return (MutationPayload<TrainingCourse>)MutationPayload.Success(course);
            });
    }
}

public sealed class CapabilityDimensionType : EnumerationGraphType<CapabilityDimension>
{
    public CapabilityDimensionType() => Name = "CapabilityDimension";
}

public sealed class TrainingCourseType : NodeType<TrainingCourse>
{
    public TrainingCourseType() : base("TrainingCourse", "A course of the tenant's training catalog; the radar recommends it when its dimension is among a rep's weakest.")
    {
        Field(c => c.Title);
        Field(c => c.Dimension, type: typeof(NonNullGraphType<CapabilityDimensionType>));
        Field(c => c.Link, nullable: true);
        Field(c => c.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class CapabilityScoreType : ObjectGraphType<CapabilityScore>
{
    public CapabilityScoreType()
    {
        Name = "CapabilityScore";
        Field(s => s.Dimension, type: typeof(NonNullGraphType<CapabilityDimensionType>));
        Field(s => s.Value, nullable: true).Description("A share (0–1) for accuracy, discipline and conversion; hours for proposal speed; days for the collection cycle; per week for demos. Null when the quarter's records give none.");
        Field(s => s.Percentile, nullable: true).Description("Share (0–100) of the team's other reps with a value that the rep does better than (fewer hours or days count as better), ties half.");
        Field(s => s.TeamMedian, nullable: true).Description("The median of the team's reps with a value.");
        Field(s => s.TeamCount).Description("The team's reps with a value.");
    }
}

public sealed class CapabilityRadarType : ObjectGraphType<CapabilityRadar>
{
    public CapabilityRadarType()
    {
        Name = "CapabilityRadar";
        Field<NonNullGraphType<MemberType>>("member").Resolve(ctx => ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(ctx.Source.MemberId));
        Field(r => r.Year);
        Field(r => r.Quarter);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CapabilityScoreType>>>>("scores").Resolve(ctx => ctx.Source.Scores);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CapabilityDimensionType>>>>("weakest").Description("The two dimensions with the lowest percentiles, weakest first.").Resolve(ctx => ctx.Source.Weakest);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TrainingCourseType>>>>("courses").Description("Catalog courses that train the weakest dimensions.").Resolve(ctx => ctx.Source.Courses);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<WonCaseType>>>>("cases").Description("The latest approved cases of the rep's industry.")
            .Resolve(ctx => ctx.Source.Cases);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PracticeTaskType>>>>("practiceTasks").Description("Practice tasks of the rep's industry.").Resolve(ctx => ctx.Source.PracticeTasks);
    }
}

public sealed class CreateTrainingCourseInputType : InputObjectGraphType
{
    public CreateTrainingCourseInputType()
    {
        Name = "CreateTrainingCourseInput";
        Field<NonNullGraphType<StringGraphType>>("title").Description($"At most {TrainingCourse.TitleMaxLength} characters.");
        Field<NonNullGraphType<CapabilityDimensionType>>("dimension");
        Field<StringGraphType>("link").Description($"Where the course is; at most {TrainingCourse.LinkMaxLength} characters.");
    }
}

public sealed class CreateTrainingCourseErrorType() : MutationErrorUnion("createTrainingCourse", typeof(ValidationErrorType), typeof(InvalidStateErrorType));

public sealed class CreateTrainingCoursePayloadType() : PayloadType<TrainingCourseType, TrainingCourse, CreateTrainingCourseErrorType>("createTrainingCourse", "course");
