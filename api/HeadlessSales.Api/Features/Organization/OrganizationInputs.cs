using GraphQL.Types;
using HeadlessSales.Api.GraphQL.Errors;
using HeadlessSales.Api.GraphQL.Schema;

namespace HeadlessSales.Api.Features.Organization;

public sealed class CreateRegionInputType : InputObjectGraphType
{
    public CreateRegionInputType()
    {
        Name = "CreateRegionInput";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Short code unique within the tenant, e.g. `EAST`.");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<IdGraphType>("managerId").Description("A member with the RegionManager role.");
    }
}

public sealed class UpdateRegionInputType : InputObjectGraphType
{
    public UpdateRegionInputType()
    {
        Name = "UpdateRegionInput";
        Description = "Fields left out stay unchanged; `managerId: null` removes the manager.";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("code");
        Field<StringGraphType>("name");
        Field<IdGraphType>("managerId");
    }
}

public sealed class CreateTeamInputType : InputObjectGraphType
{
    public CreateTeamInputType()
    {
        Name = "CreateTeamInput";
        Field<NonNullGraphType<IdGraphType>>("regionId");
        Field<NonNullGraphType<StringGraphType>>("name").Description("Unique within the region.");
        Field<IdGraphType>("leadId").Description("A member with the TeamLead role.");
        Field<IdGraphType>("calendarId");
    }
}

public sealed class UpdateTeamInputType : InputObjectGraphType
{
    public UpdateTeamInputType()
    {
        Name = "UpdateTeamInput";
        Description = "Fields left out stay unchanged; `leadId: null` or `calendarId: null` removes them.";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<IdGraphType>("regionId");
        Field<StringGraphType>("name");
        Field<IdGraphType>("leadId");
        Field<IdGraphType>("calendarId");
    }
}

public sealed class CreateMemberInputType : InputObjectGraphType
{
    public CreateMemberInputType()
    {
        Name = "CreateMemberInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("email").Description("Unique within the tenant.");
        Field<StringGraphType>("phone");
        Field<NonNullGraphType<MemberRoleType>>("role");
        Field<IdGraphType>("teamId").Description("Required for reps and team leads.");
        Field<IdGraphType>("regionId").Description("Required for region managers; taken from the team otherwise.");
        Field<NonNullGraphType<DateOnlyGraphType>>("hiredOn");
        Field<StringGraphType>("industry").Description($"The industry the member sells into, e.g. 制造业; at most {Member.IndustryMaxLength} characters.");
    }
}

public sealed class UpdateMemberInputType : InputObjectGraphType
{
    public UpdateMemberInputType()
    {
        Name = "UpdateMemberInput";
        Description = "Fields left out stay unchanged.";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("name");
        Field<StringGraphType>("email");
        Field<StringGraphType>("phone");
        Field<MemberRoleType>("role");
        Field<IdGraphType>("teamId");
        Field<IdGraphType>("regionId");
        Field<BooleanGraphType>("active");
        Field<StringGraphType>("industry").Description("Null clears it.");
    }
}

public sealed class CalendarExceptionInputType : InputObjectGraphType
{
    public CalendarExceptionInputType()
    {
        Name = "CalendarExceptionInput";
        Field<NonNullGraphType<DateOnlyGraphType>>("date");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<BooleanGraphType>>("isWorkingDay").Description("True for a make-up working day, false for a holiday.");
    }
}

public sealed class CreateWorkingCalendarInputType : InputObjectGraphType
{
    public CreateWorkingCalendarInputType()
    {
        Name = "CreateWorkingCalendarInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("timeZone").Description("IANA time zone, e.g. `Asia/Shanghai`.");
        Field<NonNullGraphType<TimeOnlyGraphType>>("workdayStart");
        Field<NonNullGraphType<TimeOnlyGraphType>>("workdayEnd");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("workingDays").Description("ISO day numbers, 1 = Monday … 7 = Sunday.");
        Field<ListGraphType<NonNullGraphType<CalendarExceptionInputType>>>("exceptions");
    }
}

public sealed class CreateRegionErrorType() : MutationErrorUnion("createRegion", typeof(ValidationErrorType), typeof(DuplicateErrorType), typeof(NotFoundErrorType));

public sealed class UpdateRegionErrorType() : MutationErrorUnion("updateRegion", typeof(ValidationErrorType), typeof(DuplicateErrorType), typeof(NotFoundErrorType));

public sealed class CreateTeamErrorType() : MutationErrorUnion("createTeam", typeof(ValidationErrorType), typeof(DuplicateErrorType), typeof(NotFoundErrorType));

public sealed class UpdateTeamErrorType() : MutationErrorUnion("updateTeam", typeof(ValidationErrorType), typeof(DuplicateErrorType), typeof(NotFoundErrorType));

public sealed class CreateMemberErrorType() : MutationErrorUnion("createMember", typeof(ValidationErrorType), typeof(DuplicateErrorType), typeof(NotFoundErrorType));

public sealed class UpdateMemberErrorType() : MutationErrorUnion("updateMember", typeof(ValidationErrorType), typeof(DuplicateErrorType), typeof(NotFoundErrorType));

public sealed class CreateWorkingCalendarErrorType() : MutationErrorUnion("createWorkingCalendar", typeof(ValidationErrorType), typeof(DuplicateErrorType));

public sealed class CreateRegionPayloadType() : PayloadType<RegionType, Region, CreateRegionErrorType>("createRegion", "region");

public sealed class UpdateRegionPayloadType() : PayloadType<RegionType, Region, UpdateRegionErrorType>("updateRegion", "region");

public sealed class CreateTeamPayloadType() : PayloadType<TeamType, Team, CreateTeamErrorType>("createTeam", "team");

public sealed class UpdateTeamPayloadType() : PayloadType<TeamType, Team, UpdateTeamErrorType>("updateTeam", "team");

public sealed class CreateMemberPayloadType() : PayloadType<MemberType, Member, CreateMemberErrorType>("createMember", "member");

public sealed class UpdateMemberPayloadType() : PayloadType<MemberType, Member, UpdateMemberErrorType>("updateMember", "member");

public sealed class CreateWorkingCalendarPayloadType() : PayloadType<WorkingCalendarType, WorkingCalendar, CreateWorkingCalendarErrorType>("createWorkingCalendar", "workingCalendar");
