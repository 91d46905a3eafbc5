using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Infrastructure.Errors;

namespace HeadlessSales.Api.Tests.Leads;

/// <summary>The moves of an escalation, on the entity: raised, climbing while open, acknowledged, resolved, and never back.</summary>
public sealed class EscalationTransitionTests
{
    private const long TeamLeadId = 21;
    private const long RegionManagerId = 31;
    private static readonly DateTime RaisedAt = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static Escalation Open() =>
        Escalation.Raise(tenantId: 1, leadId: 7, EscalationReason.FirstResponseDeadlineMissed, EscalationLevel.TeamLead, TeamLeadId, teamId: 4, regionId: 2, RaisedAt);

    [Fact]
    public void A_raised_escalation_is_open_at_its_first_step_and_climbs_by_adding_steps()
    {
        var escalation = Open();

        escalation.Climb(EscalationLevel.RegionManager, RegionManagerId, RaisedAt.AddMinutes(30));

        Assert.Equal(EscalationStatus.Open, escalation.Status);
        Assert.Equal((1, EscalationLevel.RegionManager, (long?)RegionManagerId), (escalation.Step, escalation.Level, escalation.TargetMemberId));
        Assert.Equal(
            [(0, EscalationLevel.TeamLead, (long?)TeamLeadId, RaisedAt), (1, EscalationLevel.RegionManager, (long?)RegionManagerId, RaisedAt.AddMinutes(30))],
            escalation.Steps.Select(s => (s.Step, s.Level, s.TargetMemberId, s.ReachedAt)));
    }

    [Fact]
    public void Acknowledging_an_open_escalation_stops_its_climb_and_records_who()
    {
        var escalation = Open();

        Assert.Null(escalation.Acknowledge(TeamLeadId, "calling now", RaisedAt.AddMinutes(5)));

        Assert.Equal(EscalationStatus.Acknowledged, escalation.Status);
        Assert.Equal((RaisedAt.AddMinutes(5), (long?)TeamLeadId), (escalation.AcknowledgedAt!.Value, escalation.AcknowledgedById));
        Assert.Null(escalation.ResolvedAt);
        Assert.Equal("calling now", escalation.Note);
        Assert.Throws<InvalidOperationException>(() => escalation.Climb(EscalationLevel.RegionManager, RegionManagerId, RaisedAt.AddMinutes(30)));
    }

    [Fact]
    public void An_acknowledged_escalation_resolves_but_is_not_acknowledged_twice_and_keeps_its_note_when_none_is_given()
    {
        var escalation = Open();
        escalation.Acknowledge(TeamLeadId, "calling now", RaisedAt.AddMinutes(5));

        var again = escalation.Acknowledge(RegionManagerId, "again", RaisedAt.AddMinutes(6));

        Assert.Equal("The escalation is already acknowledged.", Assert.IsType<InvalidStateError>(again).Message);
        Assert.Equal((RaisedAt.AddMinutes(5), (long?)TeamLeadId), (escalation.AcknowledgedAt!.Value, escalation.AcknowledgedById));
        Assert.Equal("calling now", escalation.Note);

        Assert.Null(escalation.Resolve(RegionManagerId, null, RaisedAt.AddMinutes(9)));
        Assert.Equal(EscalationStatus.Resolved, escalation.Status);
        Assert.Equal((RaisedAt.AddMinutes(9), (long?)RegionManagerId), (escalation.ResolvedAt!.Value, escalation.ResolvedById));
        Assert.Equal("calling now", escalation.Note);
    }

    [Fact]
    public void A_resolved_escalation_refuses_every_change_and_stays_as_it_was()
    {
        var escalation = Open();
        escalation.Resolve(TeamLeadId, "done", RaisedAt.AddMinutes(9));

        Assert.Equal("The escalation is already resolved.", escalation.Acknowledge(TeamLeadId, "late", RaisedAt.AddMinutes(10))!.Message);
        Assert.Equal("The escalation is already resolved.", escalation.Resolve(RegionManagerId, "again", RaisedAt.AddMinutes(11))!.Message);
        Assert.Equal(EscalationStatus.Resolved, escalation.Status);
        Assert.Null(escalation.AcknowledgedAt);
        Assert.Equal((RaisedAt.AddMinutes(9), (long?)TeamLeadId), (escalation.ResolvedAt!.Value, escalation.ResolvedById));
        Assert.Equal("done", escalation.Note);
    }
}
