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

// "Insert a picture from the library": the library's own list opens in the admin's lookup
// pop-up (search, filters, thumbnails), as for the lead image; the picture picked is
// inserted where the cursor is. The pop-up writes the picture's number into a hidden input
// and tells it through jQuery's "change" (django/contrib/admin RelatedObjectLookups.js).
function addPicker({ editor, textarea }) {
  const library = textarea.dataset.pictureLibrary;
  const reference = textarea.dataset.pictureReference;
  if (!library || !reference || !textarea.id || !window.django?.jQuery) return;
  const input = document.createElement("input");
  input.type = "hidden";
  input.id = `${textarea.id}_picture`;
  const link = document.createElement("a");
  link.id = `lookup_${input.id}`;
  link.href = library;
  link.className = "related-lookup picture-lookup";
  link.textContent = "Insert a picture from the library";
  const wrapper = textarea.closest(".prose-editor") || textarea;
  wrapper.after(input, link);
  window.django.jQuery(input).on("change", async () => {
    const number = parseInt(input.value, 10);
    input.value = "";
    if (!number) return;
    const response = await fetch(reference.replace("/0/", `/${number}/`), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    const picture = await response.json();
    editor
      .chain()
      .focus()
      .insertContent({
        type: "libraryImage",
        attrs: { src: picture.src, alt: picture.alt, image: String(picture.image) },
      })
      .run();
  });
}

document.addEventListener("prose-editor:ready", (event) => addPicker(event.detail));
