using HeadlessSales.Api.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessSales.Api.Features.Organization;

/// <summary>The hours SLA timers count: working days, daily hours and exceptions, in one time zone.</summary>
public sealed class WorkingCalendar : ITenantOwned
{
    public long Id { get; private set; }

    public long TenantId { get; init; }

    public required string Name { get; set; }

    public required string TimeZone { get; set; }

    public TimeOnly WorkdayStart { get; set; }

    public TimeOnly WorkdayEnd { get; set; }

    /// <summary>ISO day numbers (1 = Monday … 7 = Sunday) that are working days.</summary>
    public List<int> WorkingDays { get; set; } = [];

    /// <summary>Holidays and make-up working days (调休) that override <see cref="WorkingDays"/>.</summary>
    public List<CalendarException> Exceptions { get; set; } = [];

    public DateTime CreatedAt { get; init; }

    public bool IsWorkingDay(DateOnly date)
    {
        var exception = Exceptions.FirstOrDefault(e => e.Date == date);
        if (exception is not null)
        {
            return exception.IsWorkingDay;
        }

        var isoDay = date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;
        return WorkingDays.Contains(isoDay);
    }
}

public sealed class CalendarException
{
    public DateOnly Date { get; set; }

    public required string Name { get; set; }

    /// <summary>True for a make-up working day on a weekend, false for a holiday.</summary>
    public bool IsWorkingDay { get; set; }
}

internal sealed class WorkingCalendarConfiguration : IEntityTypeConfiguration<WorkingCalendar>
{
    public void Configure(EntityTypeBuilder<WorkingCalendar> builder)
    {
        builder.HasIndex(c => new { c.TenantId, c.Name }).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.TimeZone).HasMaxLength(64);
        builder.PrimitiveCollection(c => c.WorkingDays).HasMaxLength(64);
        builder.OwnsMany(c => c.Exceptions, exceptions =>
        {
            exceptions.ToTable("WorkingCalendarExceptions");
            exceptions.WithOwner().HasForeignKey("CalendarId");
            exceptions.Property<long>("Id");
            exceptions.HasKey("Id");
            exceptions.Property(e => e.Name).HasMaxLength(100);
            exceptions.HasIndex("CalendarId", nameof(CalendarException.Date)).IsUnique();
        });
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
