// Library pictures in the admin's rich-text editor (articles/editor.py). An article body
// names a library picture as <img src="…rendition…" alt="" data-image="42">, drawn on the
// page from the image's renditions with its current alt text (images/templatetags).
// Tiptap keeps only the nodes it knows: without this one, a save from the editor dropped
// every picture of the body. The node keeps the reference, inline in its paragraph as the
// importers write it, and shows the rendition while editing.
import { Image } from "django-prose-editor/editor";

export const LibraryImage = Image.extend({
  name: "libraryImage",

  addAttributes() {
    return {
      src: { default: null },
      alt: { default: "" },
      image: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-image"),
        renderHTML: (attributes) => (attributes.image ? { "data-image": attributes.image } : {}),
      },
    };
  },

  parseHTML() {
    return [{ tag: "img[data-image]" }];
  },
});
