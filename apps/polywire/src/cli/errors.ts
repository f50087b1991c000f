/** A refusal the CLI explains itself: printed as `polywire: message`, exit status 2. */
export class CliError extends Error {}
