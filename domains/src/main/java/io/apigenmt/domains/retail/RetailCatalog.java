package io.apigenmt.domains.retail;

import java.util.List;

/** The invented product catalogue the retail generator draws from: 50 product types and their option axes. */
final class RetailCatalog {

    record Axis(String name, List<String> values) {}

    record ProductType(String name, int basePrice, List<Axis> axes) {}

    private static final Axis COLOR = new Axis("color", List.of("black", "white", "navy", "red", "green", "grey"));
    private static final Axis SIZE = new Axis("size", List.of("XS", "S", "M", "L", "XL"));
    private static final Axis SHOE_SIZE = new Axis("size", List.of("7", "8", "9", "10", "11", "12"));
    private static final Axis FABRIC = new Axis("material", List.of("cotton", "polyester", "wool", "linen"));
    private static final Axis HARD_MATERIAL = new Axis("material", List.of("wood", "steel", "glass", "plastic", "bamboo"));
    private static final Axis STORAGE = new Axis("storage", List.of("64GB", "128GB", "256GB", "512GB"));
    private static final Axis CONNECTIVITY = new Axis("connectivity", List.of("wired", "wireless", "bluetooth"));
    private static final Axis CAPACITY = new Axis("capacity", List.of("0.5L", "1L", "1.5L", "2L"));
    private static final Axis DIMENSIONS = new Axis("dimensions", List.of("small", "medium", "large"));
    private static final Axis FINISH = new Axis("finish", List.of("matte", "glossy", "brushed"));
    private static final Axis POWER = new Axis("power source", List.of("battery", "AC adapter", "USB"));
    private static final Axis PAGES = new Axis("pages", List.of("100", "200", "300"));

    static final List<ProductType> TYPES = List.of(
            new ProductType("T-Shirt", 25, List.of(COLOR, SIZE, FABRIC)),
            new ProductType("Hoodie", 55, List.of(COLOR, SIZE, FABRIC)),
            new ProductType("Rain Jacket", 120, List.of(COLOR, SIZE, FABRIC)),
            new ProductType("Running Shoes", 110, List.of(COLOR, SHOE_SIZE)),
            new ProductType("Hiking Boots", 160, List.of(COLOR, SHOE_SIZE)),
            new ProductType("Wool Socks", 15, List.of(COLOR, SIZE)),
            new ProductType("Denim Jeans", 70, List.of(COLOR, SIZE)),
            new ProductType("Sun Hat", 30, List.of(COLOR, SIZE, FABRIC)),
            new ProductType("Backpack", 85, List.of(COLOR, CAPACITY, FABRIC)),
            new ProductType("Duffel Bag", 95, List.of(COLOR, DIMENSIONS, FABRIC)),
            new ProductType("Smartphone", 650, List.of(COLOR, STORAGE)),
            new ProductType("Tablet", 480, List.of(COLOR, STORAGE, CONNECTIVITY)),
            new ProductType("Laptop Sleeve", 35, List.of(COLOR, DIMENSIONS, FABRIC)),
            new ProductType("Wireless Earbuds", 140, List.of(COLOR, FINISH, POWER)),
            new ProductType("Over-Ear Headphones", 220, List.of(COLOR, CONNECTIVITY, FINISH)),
            new ProductType("Bluetooth Speaker", 90, List.of(COLOR, DIMENSIONS, POWER)),
            new ProductType("Mechanical Keyboard", 130, List.of(COLOR, CONNECTIVITY, FINISH)),
            new ProductType("Computer Mouse", 45, List.of(COLOR, CONNECTIVITY, POWER)),
            new ProductType("Monitor Stand", 60, List.of(COLOR, HARD_MATERIAL, DIMENSIONS)),
            new ProductType("USB Flash Drive", 20, List.of(COLOR, STORAGE)),
            new ProductType("External SSD", 150, List.of(COLOR, STORAGE, CONNECTIVITY)),
            new ProductType("Smart Watch", 300, List.of(COLOR, FINISH, DIMENSIONS)),
            new ProductType("Fitness Tracker", 95, List.of(COLOR, FINISH, POWER)),
            new ProductType("E-Reader", 160, List.of(COLOR, STORAGE, CONNECTIVITY)),
            new ProductType("Action Camera", 340, List.of(COLOR, STORAGE, POWER)),
            new ProductType("Desk Lamp", 55, List.of(COLOR, HARD_MATERIAL, POWER)),
            new ProductType("Office Chair", 260, List.of(COLOR, HARD_MATERIAL, FABRIC)),
            new ProductType("Standing Desk", 480, List.of(COLOR, HARD_MATERIAL, DIMENSIONS)),
            new ProductType("Bookshelf", 180, List.of(COLOR, HARD_MATERIAL, DIMENSIONS)),
            new ProductType("Wall Clock", 40, List.of(COLOR, HARD_MATERIAL, FINISH)),
            new ProductType("Throw Pillow", 25, List.of(COLOR, FABRIC, DIMENSIONS)),
            new ProductType("Bed Sheet Set", 75, List.of(COLOR, FABRIC, DIMENSIONS)),
            new ProductType("Bath Towel", 22, List.of(COLOR, FABRIC, DIMENSIONS)),
            new ProductType("Coffee Maker", 120, List.of(COLOR, CAPACITY, FINISH)),
            new ProductType("Electric Kettle", 60, List.of(COLOR, CAPACITY, HARD_MATERIAL)),
            new ProductType("Water Bottle", 28, List.of(COLOR, CAPACITY, HARD_MATERIAL)),
            new ProductType("Travel Mug", 24, List.of(COLOR, CAPACITY, FINISH)),
            new ProductType("Blender", 110, List.of(COLOR, CAPACITY, POWER)),
            new ProductType("Cast Iron Skillet", 48, List.of(DIMENSIONS, FINISH)),
            new ProductType("Chef Knife", 85, List.of(HARD_MATERIAL, FINISH, DIMENSIONS)),
            new ProductType("Cutting Board", 32, List.of(HARD_MATERIAL, DIMENSIONS, FINISH)),
            new ProductType("Yoga Mat", 40, List.of(COLOR, DIMENSIONS, FABRIC)),
            new ProductType("Dumbbell Set", 130, List.of(COLOR, DIMENSIONS, FINISH)),
            new ProductType("Camping Tent", 240, List.of(COLOR, DIMENSIONS, FABRIC)),
            new ProductType("Sleeping Bag", 110, List.of(COLOR, DIMENSIONS, FABRIC)),
            new ProductType("Bicycle Helmet", 70, List.of(COLOR, SIZE, FINISH)),
            new ProductType("Notebook", 12, List.of(COLOR, PAGES, DIMENSIONS)),
            new ProductType("Fountain Pen", 65, List.of(COLOR, FINISH, HARD_MATERIAL)),
            new ProductType("Jigsaw Puzzle", 25, List.of(DIMENSIONS, PAGES, FINISH)),
            new ProductType("Board Game", 45, List.of(DIMENSIONS, FINISH, COLOR)));

    private RetailCatalog() {}
}
