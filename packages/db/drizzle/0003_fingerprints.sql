ALTER TABLE "articles" ADD COLUMN "title_hash" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "simhash" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "simhash_band0" integer;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "simhash_band1" integer;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "simhash_band2" integer;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "simhash_band3" integer;--> statement-breakpoint
CREATE INDEX "articles_content_hash_idx" ON "articles" USING btree ("content_hash");--> statement-breakpoint
CREATE INDEX "articles_title_hash_idx" ON "articles" USING btree ("site","title_hash");--> statement-breakpoint
CREATE INDEX "articles_simhash_band0_idx" ON "articles" USING btree ("simhash_band0");--> statement-breakpoint
CREATE INDEX "articles_simhash_band1_idx" ON "articles" USING btree ("simhash_band1");--> statement-breakpoint
CREATE INDEX "articles_simhash_band2_idx" ON "articles" USING btree ("simhash_band2");--> statement-breakpoint
CREATE INDEX "articles_simhash_band3_idx" ON "articles" USING btree ("simhash_band3");