using HeadlessSales.Api.Features.Leads;
using HeadlessSales.Api.Infrastructure.Errors;

namespace HeadlessSales.Api.Tests.Leads;

/// <summary>The moves of an escalation, on the entity: open → acknowledged → resolved, and never back.</summary>
public sealed class EscalationTransitionTests
{
    private static readonly DateTime RaisedAt = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static Escalation Open() => new() { TenantId = 1, LeadId = 7, Status = EscalationStatus.Open, RaisedAt = RaisedAt, Note = "raised" };

    [Fact]
    public void Acknowledging_an_open_escalation_stops_it_and_keeps_the_note_when_none_is_given()
    {
        var escalation = Open();

        Assert.Null(escalation.Acknowledge(null, RaisedAt.AddMinutes(5)));

        Assert.Equal(EscalationStatus.Acknowledged, escalation.Status);
        Assert.Equal(RaisedAt.AddMinutes(5), escalation.AcknowledgedAt);
        Assert.Null(escalation.ResolvedAt);
        Assert.Equal("raised", escalation.Note);
    }

    [Fact]
    public void An_acknowledged_escalation_resolves_but_is_not_acknowledged_twice()
    {
        var escalation = Open();
        escalation.Acknowledge("calling now", RaisedAt.AddMinutes(5));

        var again = escalation.Acknowledge("again", RaisedAt.AddMinutes(6));

        Assert.Equal("The escalation is already acknowledged.", Assert.IsType<InvalidStateError>(again).Message);
        Assert.Equal(RaisedAt.AddMinutes(5), escalation.AcknowledgedAt);
        Assert.Equal("calling now", escalation.Note);

        Assert.Null(escalation.Resolve("done", RaisedAt.AddMinutes(9)));
        Assert.Equal(EscalationStatus.Resolved, escalation.Status);
        Assert.Equal(RaisedAt.AddMinutes(9), escalation.ResolvedAt);
        Assert.Equal("done", escalation.Note);
    }

    [Fact]
    public void A_resolved_escalation_refuses_every_change_and_stays_as_it_was()
    {
        var escalation = Open();
        escalation.Resolve(null, RaisedAt.AddMinutes(9));

        Assert.Equal("The escalation is already resolved.", escalation.Acknowledge("late", RaisedAt.AddMinutes(10))!.Message);
        Assert.Equal("The escalation is already resolved.", escalation.Resolve("again", RaisedAt.AddMinutes(11))!.Message);
        Assert.Equal(EscalationStatus.Resolved, escalation.Status);
        Assert.Null(escalation.AcknowledgedAt);
        Assert.Equal(RaisedAt.AddMinutes(9), escalation.ResolvedAt);
        Assert.Equal("raised", escalation.Note);
    }
}
