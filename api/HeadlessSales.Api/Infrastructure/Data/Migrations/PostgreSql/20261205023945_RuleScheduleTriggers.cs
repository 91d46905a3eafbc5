using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RuleScheduleTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ScheduleMinuteOfDay",
                table: "AutomationRules",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ScheduleWeekdays",
                table: "AutomationRules",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ScheduleMinuteOfDay",
                table: "AutomationRules");

            migrationBuilder.DropColumn(
                name: "ScheduleWeekdays",
                table: "AutomationRules");
        }
    }
}
