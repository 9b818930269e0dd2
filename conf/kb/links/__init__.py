"""Link checks of the built site: internal links offline (lychee), external URLs online."""
