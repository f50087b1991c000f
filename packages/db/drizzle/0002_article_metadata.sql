ALTER TABLE "articles" ADD COLUMN "lead" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "modified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "section" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "tags" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "title_language" text;