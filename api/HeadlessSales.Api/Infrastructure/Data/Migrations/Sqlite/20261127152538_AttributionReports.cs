using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AttributionReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AttributionReports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    PeriodFrom = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PeriodTo = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ScopeKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ScopeId = table.Column<long>(type: "INTEGER", nullable: true),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TopShare = table.Column<double>(type: "REAL", nullable: false),
                    BottomShare = table.Column<double>(type: "REAL", nullable: false),
                    MinimumLeads = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ScheduleKey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    RequestedById = table.Column<long>(type: "INTEGER", nullable: true),
                    GeneratedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Weeks = table.Column<double>(type: "REAL", nullable: false),
                    ScopeRepCount = table.Column<int>(type: "INTEGER", nullable: false),
                    RankedRepCount = table.Column<int>(type: "INTEGER", nullable: false),
                    TopMemberIds = table.Column<string>(type: "TEXT", nullable: false),
                    BottomMemberIds = table.Column<string>(type: "TEXT", nullable: false),
                    TopConversionRate = table.Column<double>(type: "REAL", nullable: true),
                    BottomConversionRate = table.Column<double>(type: "REAL", nullable: true),
                    ScopeConversionRate = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttributionReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttributionReports_Members_RequestedById",
                        column: x => x.RequestedById,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AttributionReports_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AttributionSettings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TopShare = table.Column<double>(type: "REAL", nullable: false),
                    BottomShare = table.Column<double>(type: "REAL", nullable: false),
                    MinimumLeads = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttributionSettings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttributionSettings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AttributionFindings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReportId = table.Column<long>(type: "INTEGER", nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false),
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    NameZh = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    TopRate = table.Column<double>(type: "REAL", nullable: false),
                    BottomRate = table.Column<double>(type: "REAL", nullable: false),
                    ScopeRate = table.Column<double>(type: "REAL", nullable: false),
                    Difference = table.Column<double>(type: "REAL", nullable: false),
                    TextZh = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    TextEn = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttributionFindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AttributionFindings_AttributionReports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "AttributionReports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AttributionFindings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AttributionFindings_ReportId_Rank",
                table: "AttributionFindings",
                columns: new[] { "ReportId", "Rank" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AttributionFindings_TenantId",
                table: "AttributionFindings",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_AttributionReports_RequestedById",
                table: "AttributionReports",
                column: "RequestedById");

            migrationBuilder.CreateIndex(
                name: "IX_AttributionReports_TenantId_ScheduleKey",
                table: "AttributionReports",
                columns: new[] { "TenantId", "ScheduleKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AttributionReports_TenantId_ScopeKind_ScopeId_PeriodFrom",
                table: "AttributionReports",
                columns: new[] { "TenantId", "ScopeKind", "ScopeId", "PeriodFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_AttributionSettings_TenantId",
                table: "AttributionSettings",
                column: "TenantId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttributionFindings");

            migrationBuilder.DropTable(
                name: "AttributionSettings");

            migrationBuilder.DropTable(
                name: "AttributionReports");
        }
    }
}
