ALTER TABLE "feeds" DROP CONSTRAINT "feeds_status_check";--> statement-breakpoint
ALTER TABLE "feeds" ADD COLUMN "items_per_day" real;--> statement-breakpoint
ALTER TABLE "feeds" ADD CONSTRAINT "feeds_status_check" CHECK ("feeds"."status" in ('active', 'paused', 'failing', 'gone'));