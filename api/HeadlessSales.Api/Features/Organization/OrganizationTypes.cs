using GraphQL;
using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Relay;
using HeadlessSales.Api.GraphQL.Scalars;
using HeadlessSales.Api.GraphQL.DataLoaders;

namespace HeadlessSales.Api.Features.Organization;

public sealed class MemberRoleType : EnumerationGraphType<MemberRole>
{
    public MemberRoleType()
    {
        Name = "MemberRole";
        Description = "What a member does in the sales organisation; it decides what they see and may change.";
    }
}

public sealed class TenantType : NodeType<Tenant>
{
    public TenantType() : base("Tenant", "A company using HeadlessSales; every other object belongs to exactly one.")
    {
        Field(t => t.Slug).Description("Short unique name of the tenant.");
        Field(t => t.Name);
        Field(t => t.TimeZone).Description("IANA time zone of the head office.");
        Field(t => t.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class RegionType : NodeType<Region>
{
    public RegionType() : base("Region", "A sales region, led by a region manager.")
    {
        Field(r => r.Code).Description("Short code unique within the tenant.");
        Field(r => r.Name);
        Field<MemberType>("manager")
            .Description("The region manager, last step of escalations.")
            .Resolve(ctx => ctx.Source.ManagerId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field(r => r.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class TeamType : NodeType<Team>
{
    public TeamType() : base("Team", "A sales team inside a region.")
    {
        Field(t => t.Name);
        Field<NonNullGraphType<RegionType>>("region")
            .Resolve(ctx => ctx.DataLoader<TeamByIdDataLoader>().RegionOf(ctx.Source) ?? (object)ctx.DataLoader<RegionByIdDataLoader>().LoadAsync(ctx.Source.RegionId));
        Field<MemberType>("lead")
            .Description("The team lead, first step of escalations above a rep.")
            .Resolve(ctx => ctx.Source.LeadId is { } id ? ctx.DataLoader<MemberByIdDataLoader>().LoadAsync(id) : null);
        Field<WorkingCalendarType>("calendar")
            .Description("The calendar the team's SLA timers count working time in; the tenant default when null.")
            .Resolve(ctx => ctx.Source.CalendarId is { } id ? ctx.DataLoader<WorkingCalendarByIdDataLoader>().LoadAsync(id) : null);
        Field(t => t.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class MemberType : NodeType<Member>
{
    public MemberType() : base("Member", "A person in the sales organisation.")
    {
        Field(m => m.Name);
        Field(m => m.Email);
        Field(m => m.Phone, nullable: true);
        Field(m => m.Role, type: typeof(NonNullGraphType<MemberRoleType>));
        Field<TeamType>("team")
            .Resolve(ctx => ctx.Source.TeamId is { } id ? ctx.LoadTeam(id) : null);
        Field<RegionType>("region")
            .Resolve(ctx => ctx.Source.RegionId is { } id ? ctx.DataLoader<RegionByIdDataLoader>().LoadAsync(id) : null);
        Field(m => m.HiredOn, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(m => m.Industry, nullable: true).Description("The industry the member sells into; their learning path is picked by it.");
        Field(m => m.Active).Description("Inactive members keep their history but get no new work.");
        Field(m => m.CreatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
        Field(m => m.UpdatedAt, type: typeof(NonNullGraphType<UtcDateTimeGraphType>));
    }
}

public sealed class WorkingCalendarType : NodeType<WorkingCalendar>
{
    public WorkingCalendarType() : base("WorkingCalendar", "The hours SLA timers count: working days, daily hours and exceptions.")
    {
        Field(c => c.Name);
        Field(c => c.TimeZone).Description("IANA time zone the hours are in.");
        Field(c => c.WorkdayStart, type: typeof(NonNullGraphType<TimeOnlyGraphType>));
        Field(c => c.WorkdayEnd, type: typeof(NonNullGraphType<TimeOnlyGraphType>));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("workingDays")
            .Description("ISO day numbers, 1 = Monday … 7 = Sunday.")
            .Resolve(ctx => ctx.Source.WorkingDays.Order());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CalendarExceptionType>>>>("exceptions")
            .Description("Holidays and make-up working days, in date order.")
            .Resolve(ctx => ctx.Source.Exceptions.OrderBy(e => e.Date));
        Field<NonNullGraphType<BooleanGraphType>>("isWorkingDay")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("date")
            .Resolve(ctx => ctx.Source.IsWorkingDay(ctx.GetArgument<DateOnly>("date")));
    }
}

public sealed class CalendarExceptionType : ObjectGraphType<CalendarException>
{
    public CalendarExceptionType()
    {
        Name = "CalendarException";
        Description = "A holiday, or a make-up working day on a weekend.";
        Field(e => e.Date, type: typeof(NonNullGraphType<DateOnlyGraphType>));
        Field(e => e.Name);
        Field(e => e.IsWorkingDay);
    }
}
