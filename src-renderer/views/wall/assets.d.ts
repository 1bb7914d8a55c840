// Vite resolves `?url` imports to the asset's URL (the sounds are bundled, never fetched from elsewhere).
declare module '*.ogg?url' {
  const url: string;
  export default url;
}
