"""What search engines and link previews read: page titles, descriptions, JSON-LD, the sitemap, robots.txt."""
