using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessSales.Api.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MilestoneRewardApproval : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RequiresApproval",
                table: "MilestoneRewardRules",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Approval",
                table: "IncentiveEntries",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "DecidedAt",
                table: "IncentiveEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DecidedById",
                table: "IncentiveEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_IncentiveEntries_DecidedById",
                table: "IncentiveEntries",
                column: "DecidedById");

            migrationBuilder.AddForeignKey(
                name: "FK_IncentiveEntries_Members_DecidedById",
                table: "IncentiveEntries",
                column: "DecidedById",
                principalTable: "Members",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_IncentiveEntries_Members_DecidedById",
                table: "IncentiveEntries");

            migrationBuilder.DropIndex(
                name: "IX_IncentiveEntries_DecidedById",
                table: "IncentiveEntries");

            migrationBuilder.DropColumn(
                name: "RequiresApproval",
                table: "MilestoneRewardRules");

            migrationBuilder.DropColumn(
                name: "Approval",
                table: "IncentiveEntries");

            migrationBuilder.DropColumn(
                name: "DecidedAt",
                table: "IncentiveEntries");

            migrationBuilder.DropColumn(
                name: "DecidedById",
                table: "IncentiveEntries");
        }
    }
}
