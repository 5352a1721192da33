/** Values of `--format`: a container, or `trades` (contents are trades; the container is detected). Import-free, for help texts. */
export const FORMATS = ['csv', 'json', 'feather', 'arrow', 'parquet', 'trades'] as const;
export type FormatOption = (typeof FORMATS)[number];
