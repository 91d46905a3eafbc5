using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class LeadReassignmentOnBreach : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ReassignOnFirstResponseBreach",
                table: "LeadRoutingSettings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "ReassignOnFirstResponseBreach",
                table: "AssignmentRules",
                type: "boolean",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReassignOnFirstResponseBreach",
                table: "LeadRoutingSettings");

            migrationBuilder.DropColumn(
                name: "ReassignOnFirstResponseBreach",
                table: "AssignmentRules");
        }
    }
}
