CREATE TABLE "feed_keys" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "feed_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"key_hash" text NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"label" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "feed_keys_keyHash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "merged_into" bigint;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "first_seen_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "last_updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "article_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "original_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "language_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "source_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "clusters" ADD COLUMN "languages" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "clusters_updated_idx" ON "clusters" USING btree ("last_updated_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "clusters"."merged_into" is null;--> statement-breakpoint
CREATE INDEX "clusters_first_seen_idx" ON "clusters" USING btree ("first_seen_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "clusters"."merged_into" is null;--> statement-breakpoint
-- Added by hand after drizzle-kit generate: the summary of the clusters stored before this migration (the same aggregate as refreshStorySummary in src/queries/stories.ts).
UPDATE "clusters" AS c SET
  "first_seen_at" = s.first_seen, "last_updated_at" = s.last_updated, "article_count" = s.members,
  "original_count" = s.originals, "source_count" = s.sites, "language_count" = s.language_count, "languages" = s.languages
FROM (
  SELECT a.cluster_id, min(coalesce(a.published_at, a.ingested_at)) AS first_seen, max(a.ingested_at) AS last_updated,
    count(*)::int AS members, (count(*) FILTER (WHERE a.duplicate_of IS NULL))::int AS originals,
    count(DISTINCT a.site)::int AS sites,
    (SELECT count(*)::int FROM (SELECT DISTINCT l.language FROM articles l WHERE l.cluster_id = a.cluster_id AND l.language IS NOT NULL AND l.language <> 'und') x) AS language_count,
    coalesce((SELECT jsonb_object_agg(x.language, x.n) FROM (SELECT l.language, count(*)::int AS n FROM articles l WHERE l.cluster_id = a.cluster_id AND l.language IS NOT NULL AND l.language <> 'und' GROUP BY l.language) x), '{}'::jsonb) AS languages
  FROM articles a WHERE a.cluster_id IS NOT NULL GROUP BY a.cluster_id
) AS s
WHERE c.id = s.cluster_id;
